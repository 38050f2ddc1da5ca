import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../../testdata/load';
import { parseTelegram } from './inbound';
import { startTelegramFake, telegramError, type TelegramFake } from './fake';
import { telegramMedia } from './media';

const TOKEN = '7000000001:AAH-cadence-media-token';
const at = 1454119029;
const update = (message: Record<string, unknown>) => ({
  update_id: 1,
  message: { message_id: 7, chat: { id: 42, first_name: 'Ana', type: 'private' }, date: at, ...message },
});
const parsedOne = (message: Record<string, unknown>) => parseTelegram(update(message)).messages[0]!;

describe('Telegram media in updates', () => {
  it('keeps a text message as it was, with no media', () => {
    const [m] = parseTelegram(fixtureJson('telegram_update_text.jsonc')).messages;
    expect(m!.body).toBe('Hello World');
    expect(m!.media).toBeUndefined();
  });

  it('takes the largest size of a photo, its caption into the body and onto the file', () => {
    const m = parsedOne({
      caption: 'El recibo',
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 67, file_size: 1200 },
        { file_id: 'large', file_unique_id: 'l', width: 1280, height: 960, file_size: 98000 },
        { file_id: 'medium', file_unique_id: 'm', width: 320, height: 240, file_size: 14000 },
      ],
    });
    expect(m.body).toBe('El recibo');
    expect(m.media).toEqual([{ kind: 'image', ref: 'large', size: 98000, caption: 'El recibo' }]);
  });

  it('reads voice notes, audio, documents, videos, round videos and GIFs with their type, name and size', () => {
    expect(parsedOne({ voice: { file_id: 'v1', file_unique_id: 'u', duration: 3, mime_type: 'audio/ogg', file_size: 5120 } }).media).toEqual([
      { kind: 'audio', ref: 'v1', mimeType: 'audio/ogg', size: 5120 },
    ]);
    expect(parsedOne({ audio: { file_id: 'a1', file_unique_id: 'u', duration: 200, file_name: 'song.mp3', mime_type: 'audio/mpeg' } }).media).toEqual([
      { kind: 'audio', ref: 'a1', mimeType: 'audio/mpeg', fileName: 'song.mp3' },
    ]);
    const pdf = parsedOne({ document: { file_id: 'd1', file_unique_id: 'u', file_name: 'factura.pdf', mime_type: 'application/pdf', file_size: 20480 } });
    expect(pdf.body).toBe('');
    expect(pdf.media).toEqual([{ kind: 'document', ref: 'd1', mimeType: 'application/pdf', fileName: 'factura.pdf', size: 20480 }]);
    expect(parsedOne({ video: { file_id: 'x1', file_unique_id: 'u', width: 1, height: 1, duration: 4, mime_type: 'video/mp4' } }).media).toEqual([
      { kind: 'video', ref: 'x1', mimeType: 'video/mp4' },
    ]);
    expect(parsedOne({ video_note: { file_id: 'n1', file_unique_id: 'u', length: 240, duration: 5 } }).media).toEqual([{ kind: 'video', ref: 'n1' }]);
    // A GIF comes as `animation` and again as `document`: one file, not two.
    const gif = parsedOne({
      animation: { file_id: 'g1', file_unique_id: 'u', width: 1, height: 1, duration: 1, file_name: 'cat.mp4', mime_type: 'video/mp4' },
      document: { file_id: 'g1', file_unique_id: 'u', file_name: 'cat.mp4', mime_type: 'video/mp4' },
    });
    expect(gif.media).toEqual([{ kind: 'video', ref: 'g1', mimeType: 'video/mp4', fileName: 'cat.mp4' }]);
  });

  it('gives a sticker its emoji as the caption, and writes no placeholder into the body', () => {
    const m = parsedOne({ sticker: { file_id: 'st1', file_unique_id: 'u', width: 512, height: 512, is_animated: false, is_video: false, emoji: '😀', type: 'regular' } });
    expect(m.body).toBe('');
    expect(m.media).toEqual([{ kind: 'sticker', ref: 'st1', caption: '😀' }]);
  });

  it('keeps locations, venues and contact cards whole', () => {
    expect(parsedOne({ location: { latitude: 40.4168, longitude: -3.7038 } }).media).toEqual([{ kind: 'location', latitude: 40.4168, longitude: -3.7038 }]);
    const venue = parsedOne({
      location: { latitude: 40.4153, longitude: -3.6844 },
      venue: { location: { latitude: 40.4153, longitude: -3.6844 }, title: 'Parque del Retiro', address: 'Plaza de la Independencia, 7' },
    });
    expect(venue.media).toEqual([{ kind: 'location', latitude: 40.4153, longitude: -3.6844, name: 'Parque del Retiro', address: 'Plaza de la Independencia, 7' }]);
    expect(parsedOne({ contact: { phone_number: '+34600111222', first_name: 'Luis', last_name: 'Gómez' } }).media).toEqual([
      { kind: 'contact', name: 'Luis Gómez', phones: ['+34600111222'] },
    ]);
  });

  it('refuses a file without its id, and takes a photo with no sizes as no photo (never a crash)', () => {
    expect(() => parseTelegram(update({ document: { file_name: 'x.pdf' } }))).toThrow(/file_id/);
    expect(parsedOne({ photo: [] })).toMatchObject({ body: '[message]' });
  });
});

describe('Telegram fetchMedia against the Bot API fake', () => {
  let fake: TelegramFake;
  const signal = new AbortController().signal;
  const fetch = (ref: string) => telegramMedia.fetchMedia(ref, { botToken: TOKEN }, signal);
  const bytes = Buffer.from('%PDF-1.4 a receipt');

  beforeAll(async () => {
    fake = await startTelegramFake({ token: TOKEN });
    process.env.PROVIDER_URL_TELEGRAM = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_TELEGRAM = 'http://127.0.0.1:9';
    await fake.close();
  });

  it('asks getFile for the path, then streams the file from under the bot token', async () => {
    const fileId = fake.addFile({ bytes, mimeType: 'application/pdf', fileName: 'factura.pdf' });
    const outcome = await fetch(fileId);
    if (outcome.outcome !== 'fetched') throw new Error(JSON.stringify(outcome));
    expect(Buffer.concat(await outcome.media.body.toArray())).toEqual(bytes);
    expect(outcome.media).toMatchObject({ mimeType: 'application/pdf', size: bytes.length, fileName: 'factura.pdf' });
    const [getFile, download] = fake.requests.slice(-2);
    expect(getFile!.path).toBe(`/bot${TOKEN}/getFile`);
    expect(getFile!.query.get('file_id')).toBe(fileId);
    expect(download!.path).toMatch(new RegExp(`^/file/bot${TOKEN}/documents/`));
  });

  it('is gone for good when Telegram does not know the file, or it is over 20 MB', async () => {
    expect(await fetch('no-such-file')).toEqual({ outcome: 'gone', detail: 'Telegram 400: Bad Request: invalid file_id' });
    const big = fake.addFile({ bytes: Buffer.alloc(20 * 1024 * 1024 + 1), mimeType: 'video/mp4' });
    expect(await fetch(big)).toEqual({ outcome: 'gone', detail: 'Telegram 400: Bad Request: file is too big' });
  });

  it('is gone when the download answers 404 (the path expired), and tried again on 500 or 429', async () => {
    const fileId = fake.addFile({ bytes, mimeType: 'application/pdf' });
    fake.failNext(1, telegramError(404, 'Not Found'), { path: fake.downloadPath(fileId) });
    expect(await fetch(fileId)).toEqual({ outcome: 'gone', detail: 'Telegram no longer has this file (404)' });
    fake.failNext(1, { status: 502, text: 'Bad Gateway' });
    expect(await fetch(fileId)).toMatchObject({ outcome: 'retry', detail: 'Telegram answered 502' });
    fake.failNext(1, telegramError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }));
    expect(await fetch(fileId)).toMatchObject({ outcome: 'retry', retryAfterMs: 7000 });
  });

  it('refuses a path that climbs out of the bot folder, without requesting it', async () => {
    fake.failNext(1, { status: 200, json: { ok: true, result: { file_id: 'x', file_path: '../../botOTHER/secret' } } });
    const before = fake.requests.length;
    expect(await fetch('x')).toEqual({ outcome: 'gone', detail: 'Telegram gave no path for this file' });
    expect(fake.requests.length).toBe(before + 1);
  });

  it('tries again later when Telegram cannot be reached', async () => {
    process.env.PROVIDER_URL_TELEGRAM = 'http://127.0.0.1:9';
    try {
      expect((await fetch('any')).outcome).toBe('retry');
    } finally {
      process.env.PROVIDER_URL_TELEGRAM = fake.url;
    }
  });
});
