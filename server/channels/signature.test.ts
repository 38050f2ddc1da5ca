import { describe, expect, it } from 'vitest';
import { fixtureJson } from './testdata/load';
import { lineSignature, metaSignature, twilioSignature, verifyLineSignature, verifyMetaSignature, verifyTelegramSecret, verifyTwilioSignature, verifyViberSignature, viberSignature } from './signature';

const vectors = fixtureJson('signature_test_vectors.jsonc') as {
  meta_hmac_sha256_hex: { appSecret: string; rawBody: string; 'X-Hub-Signature-256': string };
  twilio_form: { authToken: string; url: string; params: Record<string, string>; 'X-Twilio-Signature': string };
  line: { channelSecret: string; rawBody: string; 'x-line-signature': string };
};
const meta = vectors.meta_hmac_sha256_hex;
const bytes = (s: string) => new TextEncoder().encode(s);

describe("Meta's X-Hub-Signature-256", () => {
  it('matches the published test vector', () => {
    expect(metaSignature(bytes(meta.rawBody), meta.appSecret)).toBe(meta['X-Hub-Signature-256']);
    expect(verifyMetaSignature(bytes(meta.rawBody), meta['X-Hub-Signature-256'], meta.appSecret)).toBe(true);
  });

  it('refuses a missing header, a missing secret, another secret and a changed body', () => {
    const header = meta['X-Hub-Signature-256'];
    expect(verifyMetaSignature(bytes(meta.rawBody), null, meta.appSecret)).toBe(false);
    expect(verifyMetaSignature(bytes(meta.rawBody), header, undefined)).toBe(false);
    expect(verifyMetaSignature(bytes(meta.rawBody), header, 'other')).toBe(false);
    expect(verifyMetaSignature(bytes(`${meta.rawBody} `), header, meta.appSecret)).toBe(false);
    expect(verifyMetaSignature(bytes(meta.rawBody), header.slice(0, -1), meta.appSecret)).toBe(false);
  });

  it('is computed over the raw bytes, not re-serialised JSON', () => {
    const raw = '{"a": 1}';
    const header = metaSignature(bytes(raw), 's');
    expect(verifyMetaSignature(bytes(JSON.stringify(JSON.parse(raw))), header, 's')).toBe(false);
  });
});

describe("Twilio's X-Twilio-Signature", () => {
  const twilio = vectors.twilio_form;
  const params = new URLSearchParams(twilio.params);

  it('matches the published test vector, whatever order the form arrived in', () => {
    expect(twilioSignature(twilio.url, params, twilio.authToken)).toBe(twilio['X-Twilio-Signature']);
    const shuffled = new URLSearchParams(Object.entries(twilio.params).reverse());
    expect(verifyTwilioSignature(twilio.url, shuffled, twilio['X-Twilio-Signature'], twilio.authToken)).toBe(true);
  });

  it('refuses another URL, another token, a changed parameter and a missing header', () => {
    const header = twilio['X-Twilio-Signature'];
    expect(verifyTwilioSignature(twilio.url.replace('https', 'http'), params, header, twilio.authToken)).toBe(false);
    expect(verifyTwilioSignature(twilio.url, params, header, 'other')).toBe(false);
    expect(verifyTwilioSignature(twilio.url, new URLSearchParams({ ...twilio.params, Digits: '9999' }), header, twilio.authToken)).toBe(false);
    expect(verifyTwilioSignature(twilio.url, params, null, twilio.authToken)).toBe(false);
    expect(verifyTwilioSignature(twilio.url, params, header, undefined)).toBe(false);
  });
});

describe("Telegram's secret token", () => {
  it('accepts only the exact token set on the channel', () => {
    expect(verifyTelegramSecret('s3cret', 's3cret')).toBe(true);
    expect(verifyTelegramSecret('s3cre', 's3cret')).toBe(false);
    expect(verifyTelegramSecret(null, 's3cret')).toBe(false);
    expect(verifyTelegramSecret('s3cret', undefined)).toBe(false);
  });
});

describe("LINE's x-line-signature and Viber's X-Viber-Content-Signature", () => {
  const line = vectors.line;

  it('LINE matches the published test vector and refuses another body or secret', () => {
    expect(lineSignature(bytes(line.rawBody), line.channelSecret)).toBe(line['x-line-signature']);
    expect(verifyLineSignature(bytes(line.rawBody), line['x-line-signature'], line.channelSecret)).toBe(true);
    expect(verifyLineSignature(bytes(`${line.rawBody} `), line['x-line-signature'], line.channelSecret)).toBe(false);
    expect(verifyLineSignature(bytes(line.rawBody), line['x-line-signature'], 'other')).toBe(false);
    expect(verifyLineSignature(bytes(line.rawBody), null, line.channelSecret)).toBe(false);
  });

  it('Viber is a hex HMAC-SHA256 of the raw body, in either case, and nothing else', () => {
    const body = bytes('{"event":"webhook"}');
    const header = viberSignature(body, 'token');
    expect(header).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyViberSignature(body, header, 'token')).toBe(true);
    expect(verifyViberSignature(body, header.toUpperCase(), 'token')).toBe(true);
    expect(verifyViberSignature(body, header, 'other')).toBe(false);
    expect(verifyViberSignature(bytes('{"event":"webhook" }'), header, 'token')).toBe(false);
    expect(verifyViberSignature(body, null, 'token')).toBe(false);
  });
});
