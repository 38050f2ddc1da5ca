import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock } from '../delivery-testing';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';
import { startViberFake, type ViberFake } from './fake';

const TOKEN = '4453b6ac1b2d3e4f-media-token';
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** Pictures and files through the worker to the Viber fake, which downloads each signed media URL. */
describe.each(testDatabaseKinds)('Viber delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: ViberFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let users = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `vbmedia${kind}`);
    fake = await startViberFake({ authToken: TOKEN });
    process.env.PROVIDER_URL_VIBER = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'viber', publicId: `vbmedia-${kind}`, name: 'Viber', secrets: { authToken: TOKEN } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_VIBER;
    setDatabase(undefined);
    await fake.close();
    await database.close();
  });

  it('a picture with the text as its caption, then the PDF as a file with its name and size: the exact bytes', async () => {
    const receiver = `vb-user-${++users}==`;
    const { conversation } = await contactWhoWrote(database.db, ws, channel, receiver, clock);
    const png = pngImage({ seed: 101 });
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Tu recibo',
      [
        { kind: 'image', bytes: png },
        { kind: 'document', bytes: pdf, fileName: 'recibo.pdf' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, message.id);
    expect(sent.status).toBe('sent');
    const [picture, file] = fake.sent.filter((m) => m.receiver === receiver);
    expect(picture).toMatchObject({ type: 'picture', text: 'Tu recibo', media: { status: 200, contentType: 'image/png', sha256: sha256(png) } });
    expect(file).toMatchObject({ type: 'file', fileName: 'recibo.pdf', size: pdf.length, media: { status: 200, sha256: sha256(pdf) } });
    expect(sent.providerMessageId).toBe(file!.token);
  });
});
