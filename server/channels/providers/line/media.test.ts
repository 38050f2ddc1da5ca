import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../../testdata/load';
import type { FakeProvider } from '../fake-server';
import { fetchedBytes, startForeignHost } from '../media-testing';
import { parseLine } from './inbound';
import { lineError, startLineFake, type LineFake } from './fake';
import { lineMedia } from './media';

const TOKEN = 'line-media-channel-token';
const event = (message: Record<string, unknown>) => ({
  destination: 'U0',
  events: [{ type: 'message', timestamp: 1459991487970, source: { type: 'user', userId: 'U1' }, replyToken: 'r', message }],
});
const parsedOne = (message: Record<string, unknown>) => parseLine(event(message)).messages[0]!;

describe('LINE media in webhook events', () => {
  it('turns the fixture’s sticker into a sticker from the CDN, with no placeholder in the body', () => {
    const [text, sticker] = parseLine(fixtureJson('line_webhook_messages.jsonc')).messages;
    expect(text!.media).toBeUndefined();
    expect(sticker!.body).toBe('');
    expect(sticker!.media).toEqual([{ kind: 'sticker', ref: 'sticker/1' }]);
  });

  it('refers to images, videos, audio and files by message id, files with their name and size', () => {
    const contentProvider = { type: 'line' };
    expect(parsedOne({ id: '325708', type: 'image', contentProvider }).media).toEqual([{ kind: 'image', ref: '325708' }]);
    expect(parsedOne({ id: '325709', type: 'video', duration: 60000, contentProvider }).media).toEqual([{ kind: 'video', ref: '325709' }]);
    expect(parsedOne({ id: '325710', type: 'audio', duration: 6000, contentProvider }).media).toEqual([{ kind: 'audio', ref: '325710' }]);
    const file = parsedOne({ id: '325711', type: 'file', fileName: 'presupuesto.pdf', fileSize: 2138 });
    expect(file.body).toBe('');
    expect(file.media).toEqual([{ kind: 'document', ref: '325711', fileName: 'presupuesto.pdf', size: 2138 }]);
  });

  it('keeps a location whole, and names what it cannot show yet', () => {
    const m = parsedOne({ id: '325712', type: 'location', title: 'my location', address: '1-3 Kioicho, Chiyoda-ku, Tokyo', latitude: 35.67966, longitude: 139.73669 });
    expect(m.media).toEqual([{ kind: 'location', latitude: 35.67966, longitude: 139.73669, name: 'my location', address: '1-3 Kioicho, Chiyoda-ku, Tokyo' }]);
    expect(parsedOne({ id: '325713', type: 'coupon' }).body).toBe('[coupon]');
  });
});

describe('LINE fetchMedia against the content API fake', () => {
  let fake: LineFake;
  let foreign: FakeProvider;
  const signal = new AbortController().signal;
  const fetch = (ref: string, token = TOKEN) => lineMedia.fetchMedia(ref, { channelAccessToken: token }, signal);
  const m4a = Buffer.from('....ftypM4A voice note');

  beforeAll(async () => {
    fake = await startLineFake({ accessToken: TOKEN });
    foreign = await startForeignHost();
    process.env.PROVIDER_URL_LINE = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_LINE = 'http://127.0.0.1:9';
    await Promise.all([fake.close(), foreign.close()]);
  });

  it('streams a file from /v2/bot/message/{id}/content with the channel token', async () => {
    const id = fake.addContent({ bytes: m4a, mimeType: 'audio/x-m4a' });
    const outcome = await fetch(id);
    expect(await fetchedBytes(outcome)).toEqual(m4a);
    expect(outcome).toMatchObject({ media: { mimeType: 'audio/x-m4a', size: m4a.length } });
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe(`/v2/bot/message/${id}/content`);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('fetches a sticker from the sticker CDN, without the token', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    fake.stickers.set('52002734', { bytes: png, mimeType: 'image/png' });
    expect(await fetchedBytes(await fetch('sticker/52002734'))).toEqual(png);
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/stickershop/v1/sticker/52002734/android/sticker.png');
    expect(request.headers.authorization).toBeUndefined();
  });

  it('tries a video still being prepared (202) again later, then gets it', async () => {
    const id = fake.addContent({ bytes: m4a, mimeType: 'video/mp4' }, { preparing: 1 });
    expect(await fetch(id)).toEqual({ outcome: 'retry', detail: 'LINE is still preparing the file (202)' });
    expect(await fetchedBytes(await fetch(id))).toEqual(m4a);
  });

  it('is gone when LINE no longer has it (404) or the token is refused (401); retried on 500', async () => {
    expect(await fetch('999999999')).toEqual({ outcome: 'gone', detail: 'LINE no longer has this file (404)' });
    const id = fake.addContent({ bytes: m4a, mimeType: 'audio/x-m4a' });
    expect(await fetch(id, 'revoked')).toEqual({ outcome: 'gone', detail: 'LINE answered 401' });
    fake.failNext(1, lineError(500, 'Internal error'));
    expect(await fetch(id)).toEqual({ outcome: 'retry', detail: 'LINE answered 500' });
  });

  it('refuses a reference that is not a message id (a URL on another host) without any request', async () => {
    const before = fake.requests.length;
    expect((await fetch(`${foreign.url}/v2/bot/message/1/content`)).outcome).toBe('gone');
    expect((await fetch('1/../../../other')).outcome).toBe('gone');
    expect(foreign.requests).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });
});
