import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../testdata/load';
import type { FakeProvider } from '../fake-server';
import { fetchedBytes, startForeignHost } from '../media-testing';
import { parseTwilio } from './inbound';
import { startTwilioFake, twilioError, type TwilioFake } from './fake';
import { twilioMedia } from './media';

const account = { accountSid: `AC${'c'.repeat(32)}`, authToken: 'twilio-media-token' };
const now = new Date('2026-03-02T10:00:00Z');
const parse = (form: Record<string, string>) => parseTwilio(form, now).messages[0]!;

describe('Twilio MMS media in inbound forms', () => {
  it('keeps the text of the fixture MMS and refers to both of its files', () => {
    const m = parse(Object.fromEntries(new URLSearchParams(fixtureText('twilio_sms_inbound_media.form').trim())));
    expect(m.body).toBe('Msg');
    expect(m.media).toEqual([
      { kind: 'document', ref: 'cat.jpg' },
      { kind: 'document', ref: 'dog.jpg' },
    ]);
  });

  it('takes each file’s kind from MediaContentType{N}, and an MMS with no words has an empty body', () => {
    const url = (n: number) => `https://api.twilio.com/2010-04-01/Accounts/${account.accountSid}/Messages/MM${'1'.repeat(32)}/Media/ME${String(n).repeat(32)}`;
    const m = parse({
      MessageSid: 'MM1',
      From: '+14155550100',
      Body: '',
      NumMedia: '3',
      MediaUrl0: url(1),
      MediaContentType0: 'image/jpeg',
      MediaUrl1: url(2),
      MediaContentType1: 'audio/amr',
      MediaUrl2: url(3),
      MediaContentType2: 'text/vcard',
    });
    expect(m.body).toBe('');
    expect(m.media).toEqual([
      { kind: 'image', ref: url(1), mimeType: 'image/jpeg' },
      { kind: 'audio', ref: url(2), mimeType: 'audio/amr' },
      { kind: 'document', ref: url(3), mimeType: 'text/vcard' },
    ]);
  });

  it('refuses an MMS that counts more files than it names, saying which is missing', () => {
    expect(() => parse({ MessageSid: 'MM2', From: '+14155550100', NumMedia: '2', MediaUrl0: 'https://api.twilio.com/x' })).toThrow(/MediaUrl1/);
  });

  it('still marks a text with no words and no files as empty', () => {
    expect(parse({ MessageSid: 'SM3', From: '+14155550100', Body: ' ', NumMedia: '0' }).body).toBe('[empty message]');
  });
});

describe('Twilio fetchMedia against the Messaging API fake', () => {
  let fake: TwilioFake;
  let foreign: FakeProvider;
  const signal = new AbortController().signal;
  const fetch = (ref: string, secrets = account) => twilioMedia.fetchMedia(ref, secrets, signal);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

  beforeAll(async () => {
    fake = await startTwilioFake(account);
    foreign = await startForeignHost();
    process.env.PROVIDER_URL_TWILIO = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_TWILIO = 'http://127.0.0.1:9';
    await Promise.all([fake.close(), foreign.close()]);
  });

  it('sends HTTP Basic to the media URL, follows the redirect to the CDN without it, and streams the file', async () => {
    const url = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    const outcome = await fetch(url);
    expect(await fetchedBytes(outcome)).toEqual(jpeg);
    expect(outcome).toMatchObject({ media: { mimeType: 'image/jpeg', size: jpeg.length } });
    const [media, cdn] = fake.requests.slice(-2);
    expect(media!.path).toBe(new URL(url).pathname);
    expect(media!.headers.authorization).toBe(`Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`);
    expect(cdn!.path).toMatch(/^\/cdn\/ME/);
    expect(cdn!.headers.authorization).toBeUndefined();
  });

  it('never requests a media URL on another host, nor follows a redirect there', async () => {
    const path = `/2010-04-01/Accounts/${account.accountSid}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`;
    expect(await fetch(`${foreign.url}${path}`)).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/not one of Twilio's media hosts/) });
    const redirected = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' }, { redirectTo: `${foreign.url}/steal` });
    expect(await fetch(redirected)).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/redirected to 127\.0\.0\.1:\d+, not one of its media hosts/) });
    await expect(fetch('cat.jpg')).resolves.toMatchObject({ outcome: 'gone' });
    expect(foreign.requests).toEqual([]);
  });

  it('does not send this account’s credentials for another account’s media', async () => {
    const before = fake.requests.length;
    const other = `${fake.url}/2010-04-01/Accounts/AC${'d'.repeat(32)}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`;
    expect((await fetch(other)).outcome).toBe('gone');
    expect(fake.requests.length).toBe(before);
  });

  it('is gone when Twilio no longer has the file (404) and tried again on 500 or 429', async () => {
    const url = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    fake.failNext(1, twilioError(20404, 404));
    expect(await fetch(url)).toEqual({ outcome: 'gone', detail: 'Twilio no longer has this file (404)' });
    fake.failNext(1, twilioError(20500));
    expect(await fetch(url)).toEqual({ outcome: 'retry', detail: 'Twilio answered 500' });
    fake.failNext(1, { ...twilioError(20429), headers: { 'retry-after': '30' } });
    expect(await fetch(url)).toEqual({ outcome: 'retry', detail: 'Twilio answered 429', retryAfterMs: 30_000 });
    expect(await fetchedBytes(await fetch(url))).toEqual(jpeg);
  });

  it('is gone with wrong credentials (401), and retried when the connection drops', async () => {
    const url = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    expect(await fetch(url, { ...account, authToken: 'wrong' })).toEqual({ outcome: 'gone', detail: 'Twilio answered 401' });
    fake.dropNext(1);
    expect((await fetch(url)).outcome).toBe('retry');
  });
});
