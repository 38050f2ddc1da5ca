import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { recordedSends } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { oggOpusVoiceNote, pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock } from '../delivery-testing';
import { replyWithFiles, startFileHost, type FileHost } from '../outbound-media-testing';

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** The sandbox "sends" by recording: a reply with files is recorded with them, and shows as sent. */
describe.each(testDatabaseKinds)('sandbox delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  const clock = movableClock();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `sbmedia${kind}`);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it('records the files with the text, in order, and the message is sent', async () => {
    const { conversation } = await contactWhoWrote(database.db, ws, ws.sandbox, 'sandbox-contact-1', clock);
    const png = pngImage({ seed: 121 });
    const voice = oggOpusVoiceNote(1);
    const { message, attachments } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Prueba',
      [
        { kind: 'image', bytes: png, caption: 'Foto' },
        { kind: 'audio', bytes: voice },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const [recorded] = await database.db.select().from(recordedSends).where(eq(recordedSends.messageId, message.id));
    expect(recorded!.payload).toEqual({
      to: 'sandbox-contact-1',
      kind: 'free_form',
      body: 'Prueba',
      attachments: [
        { id: attachments[0]!.id, kind: 'image', mimeType: 'image/png', size: png.length, fileName: 'image.png', caption: 'Foto' },
        { id: attachments[1]!.id, kind: 'audio', mimeType: 'audio/ogg; codecs=opus', size: voice.length, fileName: 'audio.ogg', caption: null },
      ],
    });
  });
});
