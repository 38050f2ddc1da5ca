import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../testdata/load';
import type { FakeProvider } from '../fake-server';
import { fetchedBytes, startForeignHost } from '../media-testing';
import { parseViber, quoteViberTokens } from './inbound';
import { startViberFake, type ViberFake } from './fake';
import { viberMedia } from './media';

const callback = (message: Record<string, unknown>) => ({
  event: 'message',
  timestamp: 1481142112807,
  message_token: '5741311803571721087',
  sender: { id: '01234567890A=', name: 'Ana' },
  message,
});
const parsedOne = (message: Record<string, unknown>) => parseViber(callback(message)).messages[0]!;
const MEDIA = 'https://dl-media.viber.com/5/media/2/short/any/sig/image/0x0/95e0/5688fdffdaa14f8a.jpg?Expires=1670587915&Signature=abc';

describe('Viber media in message callbacks', () => {
  it('keeps the fixture’s text message as it was', () => {
    const [m] = parseViber(JSON.parse(quoteViberTokens(fixtureText('viber_callback_message.jsonc')))).messages;
    expect(m!.body).toBe('incoming msg');
    expect(m!.media).toBeUndefined();
  });

  it('refers to a picture by its media URL, its text as the caption', () => {
    const m = parsedOne({ type: 'picture', text: 'Mi recibo', media: MEDIA, thumbnail: 'https://dl-media.viber.com/thumb.jpg', file_name: 'recibo.jpg', file_size: 48213 });
    expect(m.body).toBe('Mi recibo');
    expect(m.media).toEqual([{ kind: 'image', ref: MEDIA, fileName: 'recibo.jpg', size: 48213, caption: 'Mi recibo' }]);
  });

  it('reads videos and files with their name and size (`file_size`, or `size`), and an empty body', () => {
    expect(parsedOne({ type: 'video', media: MEDIA, size: 1024000, duration: 12 }).media).toEqual([{ kind: 'video', ref: MEDIA, size: 1024000 }]);
    const file = parsedOne({ type: 'file', media: MEDIA, file_name: 'contrato.pdf', file_size: 20480 });
    expect(file.body).toBe('');
    expect(file.media).toEqual([{ kind: 'document', ref: MEDIA, fileName: 'contrato.pdf', size: 20480 }]);
    expect(parsedOne({ type: 'sticker', sticker_id: 46105, media: 'https://content.cdn.viber.com/stickers/144/46105/00046105.png' }).media).toEqual([
      { kind: 'sticker', ref: 'https://content.cdn.viber.com/stickers/144/46105/00046105.png' },
    ]);
  });

  it('keeps locations and contact cards whole; a shared link is its URL', () => {
    expect(parsedOne({ type: 'location', location: { lat: 50.76891, lon: 6.11499 } }).media).toEqual([{ kind: 'location', latitude: 50.76891, longitude: 6.11499 }]);
    expect(parsedOne({ type: 'contact', contact: { name: 'Itamar', phone_number: '+972511123123' } }).media).toEqual([
      { kind: 'contact', name: 'Itamar', phones: ['+972511123123'] },
    ]);
    const link = parsedOne({ type: 'url', media: 'https://example.com/offer' });
    expect(link.body).toBe('https://example.com/offer');
    expect(link.media).toBeUndefined();
  });

  it('refuses a location without coordinates as numbers', () => {
    expect(() => parseViber(callback({ type: 'location', location: { lat: 'north' } }))).toThrow(/lat/);
  });
});

describe('Viber fetchMedia against the fake', () => {
  let fake: ViberFake;
  let foreign: FakeProvider;
  const signal = new AbortController().signal;
  const fetch = (ref: string) => viberMedia.fetchMedia(ref, { authToken: 'viber-token' }, signal);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9]);

  beforeAll(async () => {
    fake = await startViberFake({ authToken: 'viber-token' });
    foreign = await startForeignHost();
    process.env.PROVIDER_URL_VIBER = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_VIBER = 'http://127.0.0.1:9';
    await Promise.all([fake.close(), foreign.close()]);
  });

  it('streams the file from its signed media URL', async () => {
    const url = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg', fileName: 'recibo.jpg' });
    const outcome = await fetch(url);
    expect(await fetchedBytes(outcome)).toEqual(jpeg);
    expect(outcome).toMatchObject({ media: { mimeType: 'image/jpeg', size: jpeg.length, fileName: 'recibo.jpg' } });
    expect(fake.requests.at(-1)!.query.get('Signature')).toBe(new URL(url).searchParams.get('Signature'));
  });

  it('never requests a media URL off Viber’s hosts', async () => {
    expect(await fetch(`${foreign.url}/media/abc?Signature=x`)).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/not one of Viber's media hosts/) });
    expect(await fetch('http://169.254.169.254/latest/meta-data/')).toMatchObject({ outcome: 'gone' });
    expect(foreign.requests).toEqual([]);
  });

  it('gives up a request that hangs when the caller aborts it, to be tried again later', async () => {
    const url = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    fake.hangNext(1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('download job stopping')), 100);
    expect(await viberMedia.fetchMedia(url, {}, controller.signal)).toMatchObject({ outcome: 'retry', detail: expect.stringMatching(/^Viber could not be reached/) });
  });

  it('is gone once the URL expired (403) or the file is gone (404), and tried again on 500', async () => {
    const url = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    expect(await fetch(url.replace(/Signature=.*/, 'Signature=expired'))).toEqual({ outcome: 'gone', detail: 'Viber answered 403' });
    fake.failNext(1, { status: 404, text: 'Not Found' });
    expect(await fetch(url)).toEqual({ outcome: 'gone', detail: 'Viber no longer has this file (404)' });
    fake.failNext(1, { status: 503, text: 'Service Unavailable' });
    expect(await fetch(url)).toEqual({ outcome: 'retry', detail: 'Viber answered 503' });
  });
});
