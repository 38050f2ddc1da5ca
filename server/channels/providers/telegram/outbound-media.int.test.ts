import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { oggOpusVoiceNote, pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock, outboxRow } from '../delivery-testing';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';
import { startTelegramFake, telegramError, type TelegramFake } from './fake';

const TOKEN = '7000000001:AAH-cadence-media-token';

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** Files sent through the worker to the Bot API fake: uploaded multipart, byte for byte. */
describe.each(testDatabaseKinds)('Telegram delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: TelegramFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let chats = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `tgmedia${kind}`);
    fake = await startTelegramFake({ token: TOKEN });
    process.env.PROVIDER_URL_TELEGRAM = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'telegram', publicId: `tgmedia-${kind}`, name: 'Telegram', secrets: { botToken: TOKEN, webhookSecret: 'cadence-secret_1' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_TELEGRAM;
    setDatabase(undefined);
    await fake.close();
    await database.close();
  });

  const newChat = async () => {
    const chatId = String(6_000_000 + ++chats);
    return { chatId, ...(await contactWhoWrote(database.db, ws, channel, chatId, clock)) };
  };

  it('a photo goes by sendPhoto with the text as its caption, the exact bytes', async () => {
    const { chatId, conversation } = await newChat();
    const png = pngImage({ seed: 41 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Tu recibo', [{ kind: 'image', bytes: png, fileName: 'recibo.png' }], clock, host.storage);
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, message.id);
    expect(sent.status).toBe('sent');
    const uploads = fake.uploads.filter((u) => u.chatId === chatId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ method: 'sendPhoto', fileName: 'recibo.png', contentType: 'image/png', caption: 'Tu recibo' });
    expect(sha256(uploads[0]!.bytes)).toBe(sha256(png));
    expect(fake.sent.filter((m) => m.chatId === chatId)).toEqual([]);
    expect(sent.providerMessageId).toBe(`${chatId}:${uploads[0]!.messageId}`);
  });

  it('a voice note by sendVoice and a PDF by sendDocument, one request each, in order', async () => {
    const { chatId, conversation } = await newChat();
    const voice = oggOpusVoiceNote(2);
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Te mando la nota y la factura',
      [
        { kind: 'audio', bytes: voice },
        { kind: 'document', bytes: pdf, fileName: 'factura.pdf', caption: 'Factura de marzo' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const uploads = fake.uploads.filter((u) => u.chatId === chatId);
    expect(uploads.map((u) => [u.method, u.fileName, u.caption])).toEqual([
      ['sendVoice', 'audio.ogg', 'Te mando la nota y la factura'],
      ['sendDocument', 'factura.pdf', 'Factura de marzo'],
    ]);
    expect(sha256(uploads[0]!.bytes)).toBe(sha256(voice));
    expect(sha256(uploads[1]!.bytes)).toBe(sha256(pdf));
  });

  it('a 429 on the photo after its text went retries the photo only: the text is never sent twice', async () => {
    const { chatId, conversation } = await newChat();
    const png = pngImage({ seed: 42 });
    // The photo has its own caption, so the text goes first by sendMessage.
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Mira esto', [{ kind: 'image', bytes: png, caption: 'El plano' }], clock, host.storage);
    fake.failNext(1, telegramError(429, 'Too Many Requests: retry after 5', { retry_after: 5 }), { path: `/bot${TOKEN}/sendPhoto` });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('queued');
    expect(fake.sent.filter((m) => m.chatId === chatId).map((m) => m.text)).toEqual(['Mira esto']);
    expect((await outboxRow(database.db, message.id))!.sentParts).toEqual([`${chatId}:${fake.sent.find((m) => m.chatId === chatId)!.messageId}`]);
    clock.advance(10_000);
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, message.id);
    expect(sent.status).toBe('sent');
    expect(fake.sent.filter((m) => m.chatId === chatId)).toHaveLength(1);
    const uploads = fake.uploads.filter((u) => u.chatId === chatId);
    expect(uploads.map((u) => u.caption)).toEqual(['El plano']);
    expect(sha256(uploads[0]!.bytes)).toBe(sha256(png));
    expect(sent.providerMessageId).toBe(`${chatId}:${uploads[0]!.messageId}`);
  });

  it('an upload whose answer was lost leaves the message unknown, never uploaded again', async () => {
    const { chatId, conversation } = await newChat();
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Foto', [{ kind: 'image', bytes: pngImage({ seed: 43 }) }], clock, host.storage);
    fake.dropNext(1, { processed: true, path: `/bot${TOKEN}/sendPhoto` });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('unknown');
    clock.advance(60_000);
    await deliverDue(database.db, clock);
    expect(fake.requests.filter((r) => r.path.endsWith('/sendPhoto') && r.raw.includes(Buffer.from(chatId)))).toHaveLength(1);
  });
});
