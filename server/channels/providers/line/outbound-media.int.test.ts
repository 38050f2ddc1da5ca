import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { config } from '@/server/env';
import { mp4File, oggOpusVoiceNote, pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock, outboxRow } from '../delivery-testing';
import { fetchAsProvider } from '../fake-server';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';
import { lineError, startLineFake, type LineFake } from './fake';
import { retryKeyOf } from './outbound';

const TOKEN = 'line-media-channel-token';
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** Files through the worker to the LINE fake: images, M4A audio and MP4 video by signed URL, fetched back with no session; other files as links. */
describe.each(testDatabaseKinds)('LINE delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: LineFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `lnmedia${kind}`);
    fake = await startLineFake({ accessToken: TOKEN });
    process.env.PROVIDER_URL_LINE = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'line', publicId: `lnmedia-${kind}`, name: 'LINE', secrets: { channelAccessToken: TOKEN, channelSecret: 'line-secret' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_LINE;
    setDatabase(undefined);
    await fake.close();
    await database.close();
  });

  const newUser = async () => {
    const userId = `U${randomBytes(16).toString('hex')}`;
    return { userId, ...(await contactWhoWrote(database.db, ws, channel, userId, clock)) };
  };

  it('one push: the text, the image by its signed URL (fetched by LINE, the exact bytes), the PDF and the voice note as links', async () => {
    const { userId, conversation } = await newUser();
    const png = pngImage({ seed: 81 });
    const voice = oggOpusVoiceNote(1);
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Hola',
      [
        { kind: 'image', bytes: png },
        { kind: 'document', bytes: pdf, fileName: 'carta.pdf' },
        { kind: 'audio', bytes: voice, fileName: 'nota.ogg' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const sends = fake.sent.filter((s) => s.to === userId);
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ kind: 'push', retryKey: message.id });
    expect(sends[0]!.images).toHaveLength(1);
    expect(sends[0]!.images[0]!.fetched).toMatchObject({ status: 200, contentType: 'image/png', sha256: sha256(png) });
    const [hello, document, note] = sends[0]!.texts;
    expect(hello).toBe('Hola');
    expect(await fetchAsProvider(document!.replace(/^carta\.pdf: /, ''))).toMatchObject({ status: 200, sha256: sha256(pdf) });
    expect(await fetchAsProvider(note!.replace(/^nota\.ogg: /, ''))).toMatchObject({ status: 200, sha256: sha256(voice) });
  });

  it('an M4A goes as an audio message with its duration read from the file, an MP4 as a video with the app icon as preview', async () => {
    const { userId, conversation } = await newUser();
    const m4a = mp4File({ brand: 'M4A ', seconds: 7.5, moovLast: true });
    const mp4 = mp4File({ brand: 'isom', seconds: 12 });
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Audio y vídeo',
      [
        { kind: 'audio', bytes: m4a, fileName: 'nota.m4a' },
        { kind: 'video', bytes: mp4, fileName: 'clip.mp4' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const [send] = fake.sent.filter((s) => s.to === userId);
    expect(send!.texts).toEqual(['Audio y vídeo']);
    expect(send!.media.map(({ type, duration, previewImageUrl, fetched }) => ({ type, duration, previewImageUrl, status: fetched.status, sha256: fetched.sha256 }))).toEqual([
      { type: 'audio', duration: 7500, previewImageUrl: undefined, status: 200, sha256: sha256(m4a) },
      { type: 'video', duration: undefined, previewImageUrl: `${config().PUBLIC_URL}/icons/icon-512.png`, status: 200, sha256: sha256(mp4) },
    ]);
  });

  it('an M4A whose header states no duration goes as its link', async () => {
    const { userId, conversation } = await newUser();
    const silent = mp4File({ brand: 'M4A ', seconds: 0 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, '', [{ kind: 'audio', bytes: silent, fileName: 'vacía.m4a' }], clock, host.storage);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const [send] = fake.sent.filter((s) => s.to === userId);
    expect(send!.media).toEqual([]);
    expect(send!.texts).toHaveLength(1);
    expect(await fetchAsProvider(send!.texts[0]!.replace(/^vacía\.m4a: /, ''))).toMatchObject({ status: 200, sha256: sha256(silent) });
  });

  it('more than five messages go five to a request, each under its own retry key; a 500 on the second resends only the second', async () => {
    const { userId, conversation } = await newUser();
    const files = Array.from({ length: 6 }, (_, i) => ({ kind: 'image' as const, bytes: pngImage({ seed: 90 + i }) }));
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Seis fotos', files, clock, host.storage);
    fake.failNext(1, lineError(500, 'Internal server error'), { path: '/v2/bot/message/push', after: 1 });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('queued');
    expect((await outboxRow(database.db, message.id))!.sentParts).toHaveLength(1);
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    const sends = fake.sent.filter((s) => s.to === userId);
    expect(sends.map((s) => [s.retryKey, s.texts.length + s.images.length + s.media.length])).toEqual([
      [message.id, 5],
      [retryKeyOf(message.id, 1), 2],
    ]);
    expect(sends.flatMap((s) => s.images.map((i) => i.fetched.sha256))).toEqual(files.map((f) => sha256(f.bytes)));
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    expect(await outboxRow(database.db, message.id)).toBeUndefined();
  });
});
