import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../../testdata/load';
import type { FakeProvider } from '../fake-server';
import { startMetaFake, type MetaFake } from '../meta-fake';
import { fetchedBytes, startForeignHost } from '../media-testing';
import { parseInstagram, parseMessenger } from './inbound';
import { instagramMedia, messengerMedia } from './media';

const CDN = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/123_n.jpg?_nc_cat=1&oh=abc&oe=6650A1B2';
const page = (message: Record<string, unknown>) => ({
  object: 'page',
  entry: [{ id: 'PAGE1', time: 1, messaging: [{ sender: { id: 'PSID1' }, recipient: { id: 'PAGE1' }, timestamp: 1459991487970, message: { mid: 'm_1', ...message } }] }],
});
const messengerOne = (message: Record<string, unknown>) => parseMessenger(page(message)).messages[0]!;

describe('Messenger and Instagram attachments', () => {
  it('refers to the Instagram fixture’s image by its payload URL, with an empty body', () => {
    const [m] = parseInstagram(fixtureJson('instagram_inbound_attachment.jsonc')).messages;
    expect(m!.body).toBe('');
    expect(m!.media).toEqual([{ kind: 'image', ref: 'https://image-url/foo.png' }]);
  });

  it('reads images, audio, video and files (as documents) in order, and a sticker by its sticker_id', () => {
    const m = messengerOne({
      attachments: [
        { type: 'image', payload: { url: CDN } },
        { type: 'audio', payload: { url: `${CDN}&a` } },
        { type: 'video', payload: { url: `${CDN}&v` } },
        { type: 'file', payload: { url: `${CDN}&f` } },
        { type: 'image', payload: { url: `${CDN}&s`, sticker_id: 369239263222822 } },
      ],
    });
    expect(m.body).toBe('');
    expect(m.media).toEqual([
      { kind: 'image', ref: CDN },
      { kind: 'audio', ref: `${CDN}&a` },
      { kind: 'video', ref: `${CDN}&v` },
      { kind: 'document', ref: `${CDN}&f` },
      { kind: 'sticker', ref: `${CDN}&s` },
    ]);
  });

  it('keeps a location’s coordinates and place, the text beside a file, and names what it cannot show', () => {
    const place = messengerOne({ attachments: [{ type: 'location', title: 'Casa de Ana', payload: { coordinates: { lat: 40.4168, long: -3.7038 } } }] });
    expect(place.media).toEqual([{ kind: 'location', latitude: 40.4168, longitude: -3.7038, name: 'Casa de Ana' }]);
    const captioned = messengerOne({ text: 'Mira esto', attachments: [{ type: 'image', payload: { url: CDN } }] });
    expect(captioned.body).toBe('Mira esto');
    expect(messengerOne({ attachments: [{ type: 'fallback', payload: { url: 'https://example.com/shared' }, title: 'A link' }] }).body).toBe('https://example.com/shared');
    expect(messengerOne({ attachments: [{ type: 'template', payload: null }] }).body).toBe('[template]');
  });

  it('refuses coordinates that are not numbers, naming the field', () => {
    expect(() => parseMessenger(page({ attachments: [{ type: 'location', payload: { coordinates: { lat: 'north', long: 1 } } }] }))).toThrow(/lat/);
  });
});

describe('Messenger and Instagram fetchMedia against the Graph fake’s CDN', () => {
  let fake: MetaFake;
  let foreign: FakeProvider;
  const signal = new AbortController().signal;
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 5, 5]);

  beforeAll(async () => {
    fake = await startMetaFake();
    foreign = await startForeignHost();
    process.env.PROVIDER_URL_MESSENGER = fake.url;
    process.env.PROVIDER_URL_INSTAGRAM = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_MESSENGER = 'http://127.0.0.1:9';
    process.env.PROVIDER_URL_INSTAGRAM = 'http://127.0.0.1:9';
    await Promise.all([fake.close(), foreign.close()]);
  });

  it('streams the file from its signed URL, with no token sent', async () => {
    const url = fake.addCdnFile({ bytes: jpeg, mimeType: 'image/jpeg', fileName: 'foto.jpg' });
    const outcome = await messengerMedia.fetchMedia(url, { pageAccessToken: 'page-token' }, signal);
    expect(await fetchedBytes(outcome)).toEqual(jpeg);
    expect(outcome).toMatchObject({ media: { mimeType: 'image/jpeg', size: jpeg.length } });
    const request = fake.requests.at(-1)!;
    expect(request.query.oh).toBe('00_signature');
    expect(request.headers.authorization).toBeUndefined();
  });

  it('follows a redirect on Meta’s hosts, and refuses one elsewhere or a URL elsewhere without a request', async () => {
    const target = fake.addCdnFile({ bytes: jpeg, mimeType: 'image/jpeg' });
    expect(await fetchedBytes(await instagramMedia.fetchMedia(fake.addCdnFile({ bytes: jpeg, mimeType: 'image/jpeg' }, { redirectTo: target }), {}, signal))).toEqual(jpeg);
    const away = fake.addCdnFile({ bytes: jpeg, mimeType: 'image/jpeg' }, { redirectTo: `${foreign.url}/x` });
    expect(await instagramMedia.fetchMedia(away, {}, signal)).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/redirected to 127\.0\.0\.1:\d+, not one of its media hosts/) });
    // The Instagram fixture's URL, and an address inside the network: never requested.
    expect(await instagramMedia.fetchMedia('https://image-url/foo.png', {}, signal)).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/image-url is not one of Instagram's media hosts/) });
    expect(await messengerMedia.fetchMedia(`${foreign.url}/cdn/1/file`, {}, signal)).toMatchObject({ outcome: 'gone' });
    expect(foreign.requests).toEqual([]);
  });

  it('is gone once the signed URL expired (404), and tried again on 500', async () => {
    const url = fake.addCdnFile({ bytes: jpeg, mimeType: 'image/jpeg' });
    expect(await messengerMedia.fetchMedia(`${fake.url}/cdn/999/gone`, {}, signal)).toEqual({ outcome: 'gone', detail: 'Messenger no longer has this file (404)' });
    fake.failNext({ status: 500, body: '<html>Internal error</html>' }, { path: '/cdn/' });
    expect(await messengerMedia.fetchMedia(url, {}, signal)).toEqual({ outcome: 'retry', detail: 'Messenger answered 500' });
    expect(await fetchedBytes(await messengerMedia.fetchMedia(url, {}, signal))).toEqual(jpeg);
  });
});

describe('Meta media hosts in production', () => {
  it('takes lookaside.fbsbx.com and *.fbcdn.net over https only', async () => {
    const saved = process.env.PROVIDER_URL_MESSENGER;
    delete process.env.PROVIDER_URL_MESSENGER;
    try {
      const signal = new AbortController().signal;
      for (const url of ['http://scontent.xx.fbcdn.net/a.jpg', 'https://fbcdn.net.evil.example/a.jpg', 'https://lookaside.fbsbx.com:8443/a', 'https://user@lookaside.fbsbx.com/a']) {
        expect(await messengerMedia.fetchMedia(url, {}, signal), url).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/not one of Messenger's media hosts/) });
      }
    } finally {
      process.env.PROVIDER_URL_MESSENGER = saved;
    }
  });
});
