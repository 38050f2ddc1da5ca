import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { oggOpusVoiceNote, pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock, outboxRow } from '../delivery-testing';
import { fetchAsProvider } from '../fake-server';
import { startMetaFake, type MetaFake } from '../meta-fake';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';

const page = { pageId: '1234567899', pageAccessToken: 'EAApage-media-token' };
const ig = { accountId: '17841400000000099', accessToken: 'IGQVig-media-token' };
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** Attachments by URL through the worker to the fake Send API, which downloads each signed URL as Meta does. */
describe.each(testDatabaseKinds)('Messenger and Instagram delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: MetaFake;
  let messenger: Awaited<ReturnType<typeof createChannel>>;
  let instagram: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let people = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `mmmedia${kind}`);
    fake = await startMetaFake({ messenger: [page], instagram: [ig] });
    process.env.PROVIDER_URL_MESSENGER = fake.url;
    process.env.PROVIDER_URL_INSTAGRAM = fake.url;
    messenger = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'messenger', publicId: `mmmedia-fb-${kind}`, name: 'Messenger', secrets: { ...page, appSecret: 'fb' } });
    instagram = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'instagram', publicId: `mmmedia-ig-${kind}`, name: 'Instagram', secrets: { ...ig, appSecret: 'ig' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_MESSENGER;
    delete process.env.PROVIDER_URL_INSTAGRAM;
    setDatabase(undefined);
    await fake.close();
    await database.close();
  });

  const person = async (channel: typeof messenger) => {
    const id = String(880_000 + ++people);
    return { id, ...(await contactWhoWrote(database.db, ws, channel, id, clock)) };
  };
  const bodiesTo = (id: string) =>
    fake.requests.filter((r) => r.path === '/v26.0/me/messages' && !r.failed && (r.body as { recipient?: { id: string } }).recipient?.id === id).map((r) => (r.body as { message: Record<string, unknown> }).message);

  it('Messenger: the text, then the photo and the PDF by their signed URLs, each downloaded by Meta byte for byte', async () => {
    const { id, conversation } = await person(messenger);
    const png = pngImage({ seed: 71 });
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Aquí tienes',
      [
        { kind: 'image', bytes: png },
        { kind: 'document', bytes: pdf, fileName: 'factura.pdf', caption: 'La de marzo' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const bodies = bodiesTo(id);
    expect(bodies.map((b) => (b.text as string | undefined) ?? (b.attachment as { type: string }).type)).toEqual(['Aquí tienes', 'image', 'file', 'La de marzo']);
    const sends = fake.attachmentSends.filter((a) => a.recipient === id);
    expect(sends.map((a) => [a.type, a.isReusable, a.fetched.status, a.fetched.sha256])).toEqual([
      ['image', false, 200, sha256(png)],
      ['file', false, 200, sha256(pdf)],
    ]);
    expect(sends[1]!.fetched.contentType).toBe('application/pdf');
  });

  it('Instagram: a voice note as audio by URL; a document, which Instagram does not take, as its link in a text', async () => {
    const { id, conversation } = await person(instagram);
    const voice = oggOpusVoiceNote(1);
    const files = [
      { kind: 'audio' as const, bytes: voice },
      { kind: 'document' as const, bytes: pdf, fileName: 'menu.pdf' },
    ];
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Nota', files, clock, host.storage);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const [audio] = fake.attachmentSends.filter((a) => a.recipient === id);
    expect(audio).toMatchObject({ type: 'audio', fetched: { status: 200, sha256: sha256(voice) } });
    const texts = bodiesTo(id).map((b) => b.text as string | undefined);
    expect(texts[0]).toBe('Nota');
    expect(texts[1]).toBeUndefined();
    const link = texts[2];
    expect(link).toMatch(/^menu\.pdf: http:\/\/127\.0\.0\.1:\d+\/api\/files\/[\w-]+\/signed\?exp=\d+&sig=[\w-]{43}$/);
    expect(await fetchAsProvider(link!.slice('menu.pdf: '.length))).toMatchObject({ status: 200, sha256: sha256(pdf) });
  });

  it('a rate limit on the second file retries from there: the text and the first file go once', async () => {
    const { id, conversation } = await person(messenger);
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Dos fotos', [{ kind: 'image', bytes: pngImage({ seed: 72 }) }, { kind: 'image', bytes: pngImage({ seed: 73 }) }], clock, host.storage);
    fake.failNext({ code: 613 }, { path: '/me/messages', after: 2 });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'queued' });
    expect((await outboxRow(database.db, message.id))!.sentParts).toHaveLength(2);
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'sent' });
    expect(bodiesTo(id)).toHaveLength(3);
    expect(fake.attachmentSends.filter((a) => a.recipient === id)).toHaveLength(2);
  });
});
