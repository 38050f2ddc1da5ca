import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramFake, telegramError, type TelegramFake } from './fake';
import { sendTelegramFile, telegramFileMethod } from './outbound';

const TOKEN = '7000000001:AAH-cadence-upload-token';
const secrets = { botToken: TOKEN };

/** A file read in small chunks, as from storage: the upload must carry every one in order. */
const chunked = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000)));

describe('which Bot API method sends a file', () => {
  it('photos as photos, OGG/Opus as voice notes, anything else as a document', () => {
    expect(telegramFileMethod('image/jpeg')).toEqual({ method: 'sendPhoto', field: 'photo' });
    expect(telegramFileMethod('image/PNG')).toEqual({ method: 'sendPhoto', field: 'photo' });
    expect(telegramFileMethod('audio/ogg; codecs=opus')).toEqual({ method: 'sendVoice', field: 'voice' });
    expect(telegramFileMethod('image/gif')).toEqual({ method: 'sendDocument', field: 'document' });
    expect(telegramFileMethod('application/pdf')).toEqual({ method: 'sendDocument', field: 'document' });
  });
});

describe('sending a file to a Telegram chat, against the Bot API fake', () => {
  let fake: TelegramFake;

  beforeAll(async () => {
    fake = await startTelegramFake({ token: TOKEN });
    process.env.PROVIDER_URL_TELEGRAM = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_TELEGRAM = 'http://127.0.0.1:9';
    await fake.close();
  });

  it('uploads a photo with its caption by sendPhoto, byte for byte, and keeps the id like a text’s', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(25_000)]);
    const outcome = await sendTelegramFile(secrets, '5001', { body: chunked(png), mimeType: 'image/png', fileName: 'recibo.png', caption: 'Tu recibo\n¡gracias!' });
    expect(outcome).toEqual({ outcome: 'sent', providerMessageId: '5001:1001' });
    const [upload] = fake.uploads;
    expect(upload).toMatchObject({ chatId: '5001', method: 'sendPhoto', fileName: 'recibo.png', contentType: 'image/png', caption: 'Tu recibo\n¡gracias!' });
    expect(upload!.bytes.equals(png)).toBe(true);
    expect(fake.requests.at(-1)!.path).toBe(`/bot${TOKEN}/sendPhoto`);
  });

  it('sends a voice note by sendVoice and a PDF by sendDocument, names kept (quotes made harmless)', async () => {
    const ogg = Buffer.from('OggS voice note');
    expect((await sendTelegramFile(secrets, '5002', { body: Readable.from([ogg]), mimeType: 'audio/ogg', fileName: 'nota.ogg' })).outcome).toBe('sent');
    const pdf = Buffer.from('%PDF-1.7 factura');
    expect((await sendTelegramFile(secrets, '5002', { body: Readable.from([pdf]), mimeType: 'application/pdf', fileName: 'factura "marzo" año.pdf' })).outcome).toBe('sent');
    const [voice, document] = fake.uploads.filter((u) => u.chatId === '5002');
    expect(voice).toMatchObject({ method: 'sendVoice', fileName: 'nota.ogg', caption: null });
    expect(voice!.bytes.equals(ogg)).toBe(true);
    expect(document).toMatchObject({ method: 'sendDocument', fileName: 'factura _marzo_ año.pdf' });
    expect(document!.bytes.equals(pdf)).toBe(true);
  });

  it('fails for good when the contact blocked the bot or the photo is over 10 MB; tries again after a 429', async () => {
    fake.blocked.add('5003');
    expect(await sendTelegramFile(secrets, '5003', { body: Readable.from([Buffer.from('x')]), mimeType: 'image/jpeg', fileName: 'a.jpg' })).toMatchObject({
      outcome: 'failed',
      code: 'telegram.403',
    });
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    expect(await sendTelegramFile(secrets, '5004', { body: chunked(big), mimeType: 'image/jpeg', fileName: 'big.jpg' })).toMatchObject({ outcome: 'failed', code: 'telegram.413' });
    fake.failNext(1, telegramError(429, 'Too Many Requests: retry after 3', { retry_after: 3 }));
    expect(await sendTelegramFile(secrets, '5005', { body: Readable.from([Buffer.from('x')]), mimeType: 'image/jpeg', fileName: 'a.jpg' })).toMatchObject({
      outcome: 'retry',
      retryAfterMs: 3000,
    });
    expect(fake.uploads.filter((u) => ['5003', '5004', '5005'].includes(u.chatId))).toEqual([]);
  });

  it('leaves an upload whose answer was lost unknown, never to be sent twice', async () => {
    fake.dropNext(1, { processed: true });
    expect(await sendTelegramFile(secrets, '5006', { body: Readable.from([Buffer.from('x')]), mimeType: 'application/pdf', fileName: 'a.pdf' })).toMatchObject({ outcome: 'unknown' });
  });
});
