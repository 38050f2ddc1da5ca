import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { oggOpusVoiceNote, pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock, outboxRow } from '../delivery-testing';
import { startMetaFake, type MetaFake } from '../meta-fake';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';

const number = { phoneNumberId: '106540352242555', wabaId: '102290129340555', accessToken: 'EAAwa-media-token' };

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** Files through the worker to the fake Graph API: uploaded to /media, then sent by their id. */
describe.each(testDatabaseKinds)('WhatsApp delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: MetaFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let contacts = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `wamedia${kind}`);
    fake = await startMetaFake({ whatsapp: [number] });
    process.env.PROVIDER_URL_WHATSAPP = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'whatsapp', publicId: `wamedia-${kind}`, name: 'WhatsApp', secrets: { ...number, appSecret: 'wa-app-secret' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WHATSAPP;
    setDatabase(undefined);
    await fake.close();
    await database.close();
  });

  const newContact = async () => {
    const phone = `3461100${String(++contacts).padStart(4, '0')}`;
    return { phone, ...(await contactWhoWrote(database.db, ws, channel, phone, clock)) };
  };
  const sendsTo = (phone: string) => fake.mediaSends.filter((m) => m.to === phone);
  const textsTo = (phone: string) =>
    fake.requests.filter((r) => r.path.endsWith('/messages') && !r.failed && (r.body as { to?: string; type?: string }).to === phone && (r.body as { type?: string }).type === 'text');

  it('a photo is uploaded multipart, then sent as an image by its id with the text as caption: the exact bytes', async () => {
    const { phone, conversation } = await newContact();
    const png = pngImage({ seed: 51 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Tu recibo', [{ kind: 'image', bytes: png, fileName: 'recibo.png' }], clock, host.storage);
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, message.id);
    expect(sent.status).toBe('sent');
    const [send] = sendsTo(phone);
    expect(send).toMatchObject({ type: 'image', media: { caption: 'Tu recibo' }, upload: { phoneNumberId: number.phoneNumberId, type: 'image/png', fileName: 'recibo.png' } });
    expect(send!.upload.sha256).toBe(sha256(png));
    expect(textsTo(phone)).toHaveLength(0);
    const upload = fake.requests.find((r) => r.path === `/v26.0/${number.phoneNumberId}/media`);
    expect(upload!.headers.authorization).toBe(`Bearer ${number.accessToken}`);
    expect(sent.providerMessageId).toMatch(/^wamid\.FAKE\d+$/);
  });

  it('a voice note (no caption on audio): the text first, then the audio; a document keeps its name and caption', async () => {
    const { phone, conversation } = await newContact();
    const voice = oggOpusVoiceNote(2);
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Te mando la nota',
      [
        { kind: 'audio', bytes: voice },
        { kind: 'document', bytes: pdf, fileName: 'factura.pdf', caption: 'Factura de marzo' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    expect(textsTo(phone).map((r) => (r.body as { text: { body: string } }).text.body)).toEqual(['Te mando la nota']);
    const [audio, document] = sendsTo(phone);
    expect(audio).toMatchObject({ type: 'audio', media: {}, upload: { type: 'audio/ogg' } });
    expect(audio!.media.caption).toBeUndefined();
    expect(audio!.upload.sha256).toBe(sha256(voice));
    expect(document).toMatchObject({ type: 'document', media: { caption: 'Factura de marzo', filename: 'factura.pdf' }, upload: { type: 'application/pdf' } });
    expect(document!.upload.sha256).toBe(sha256(pdf));
    // Text before files, in the order the agent attached them.
    const order = fake.requests.filter((r) => r.path.endsWith('/messages') && (r.body as { to?: string }).to === phone).map((r) => (r.body as { type: string }).type);
    expect(order).toEqual(['text', 'audio', 'document']);
  });

  it('an upload that fails (5xx) or goes unanswered is tried again: nothing had reached the contact', async () => {
    const { phone, conversation } = await newContact();
    const png = pngImage({ seed: 52 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Foto', [{ kind: 'image', bytes: png }], clock, host.storage);
    fake.failNext({ drop: true }, { path: `/${number.phoneNumberId}/media` });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'queued' });
    expect((await outboxRow(database.db, message.id))!.lastError).toMatch(/^whatsapp\.upload_unanswered/);
    fake.failNext({ code: 1, status: 500 }, { path: `/${number.phoneNumberId}/media` });
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'queued' });
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'sent' });
    expect(sendsTo(phone)).toHaveLength(1);
    expect(sendsTo(phone)[0]!.upload.sha256).toBe(sha256(png));
  });

  it('the upload took, the send went unanswered: unknown, and the file is never sent again', async () => {
    const { phone, conversation } = await newContact();
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Foto', [{ kind: 'image', bytes: pngImage({ seed: 53 }) }], clock, host.storage);
    fake.failNext({ drop: true }, { path: `/${number.phoneNumberId}/messages` });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'unknown' });
    clock.advance(60 * 60_000);
    await deliverDue(database.db, clock);
    const attempts = fake.requests.filter((r) => r.path.endsWith('/messages') && (r.body as { to?: string }).to === phone);
    expect(attempts).toHaveLength(1);
  });

  it('the text went, its photo hit the pair rate limit: the retry sends the photo only', async () => {
    const { phone, conversation } = await newContact();
    const png = pngImage({ seed: 54 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Mira', [{ kind: 'image', bytes: png, caption: 'El plano' }], clock, host.storage);
    // The text is the first send; the photo's send (after its upload) is the second.
    fake.failNext({ code: 131056 }, { path: `/${number.phoneNumberId}/messages`, after: 1 });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'queued' });
    expect(textsTo(phone)).toHaveLength(1);
    expect((await outboxRow(database.db, message.id))!.lastError).toMatch(/^whatsapp\.131056: .*part 1 of 2 went; a retry sends only the rest/);
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'sent' });
    expect(textsTo(phone)).toHaveLength(1);
    expect(sendsTo(phone)).toHaveLength(1);
    expect(sendsTo(phone)[0]).toMatchObject({ type: 'image', media: { caption: 'El plano' } });
    expect(sendsTo(phone)[0]!.upload.sha256).toBe(sha256(png));
  });

  it('text and three files go in sequence; part 2, then part 3, fail transiently: each retry sends only what had not gone, none twice', async () => {
    const { phone, conversation } = await newContact();
    const voice = oggOpusVoiceNote(4);
    const pdf = Buffer.from('%PDF-1.7\n% four parts\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const png = pngImage({ seed: 56 });
    // Audio takes no caption: the text goes first, then each file, four sends.
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Te mando la nota, la factura y el plano',
      [
        { kind: 'audio', bytes: voice },
        { kind: 'document', bytes: pdf, fileName: 'factura.pdf', caption: 'Factura' },
        { kind: 'image', bytes: png, caption: 'Plano' },
      ],
      clock,
      host.storage,
    );
    const sends = () => fake.requests.filter((r) => r.path.endsWith('/messages') && (r.body as { to?: string }).to === phone).map((r) => `${(r.body as { type: string }).type}${r.failed ? ' (failed)' : ''}`);

    fake.failNext({ code: 131000 }, { path: `/${number.phoneNumberId}/messages`, after: 1 });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'queued' });
    expect((await outboxRow(database.db, message.id))!).toMatchObject({ sentParts: [expect.stringMatching(/^wamid\./)], lastError: expect.stringMatching(/part 1 of 4 went; a retry sends only the rest/) });
    expect(sends()).toEqual(['text', 'audio (failed)']);

    // The retry starts at the voice note; this time the document fails after it.
    fake.failNext({ code: 1, status: 500 }, { path: `/${number.phoneNumberId}/messages`, after: 1 });
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'queued' });
    const earlier = (await outboxRow(database.db, message.id))!.sentParts;
    expect(earlier).toHaveLength(2);
    expect((await outboxRow(database.db, message.id))!.lastError).toMatch(/parts 1–2 of 4 went/);
    expect(sends()).toEqual(['text', 'audio (failed)', 'audio', 'document (failed)']);

    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, message.id);
    expect(sent.status).toBe('sent');
    expect(sends()).toEqual(['text', 'audio (failed)', 'audio', 'document (failed)', 'document', 'image']);
    expect(textsTo(phone).map((r) => (r.body as { text: { body: string } }).text.body)).toEqual(['Te mando la nota, la factura y el plano']);
    // Each file reached the contact once, with its own bytes and caption; the message is known by the last part's id.
    expect(sendsTo(phone).map((m) => [m.type, m.media.caption, m.upload.sha256])).toEqual([
      ['audio', undefined, sha256(voice)],
      ['document', 'Factura', sha256(pdf)],
      ['image', 'Plano', sha256(png)],
    ]);
    expect(sent.providerMessageId).toMatch(/^wamid\.FAKE\d+$/);
    expect(earlier).not.toContain(sent.providerMessageId);
    expect(await outboxRow(database.db, message.id)).toBeUndefined();
  });

  it('a file WhatsApp would refuse for good (over its size) fails the message with Meta’s reason', async () => {
    const { conversation } = await newContact();
    const big = pngImage({ seed: 55, padTo: 5 * 1024 * 1024 + 10 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Grande', [{ kind: 'image', bytes: big }], clock, host.storage);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'failed', errorCode: 'whatsapp.131053' });
  });
});
