import { describe, expect, it } from 'vitest';
import { fixtureJson } from './testdata/load';
import { metaSignature, twilioSignature, verifyMetaSignature, verifyTelegramSecret, verifyTwilioSignature } from './signature';

const vectors = fixtureJson('signature_test_vectors.jsonc') as {
  meta_hmac_sha256_hex: { appSecret: string; rawBody: string; 'X-Hub-Signature-256': string };
  twilio_form: { authToken: string; url: string; params: Record<string, string>; 'X-Twilio-Signature': string };
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
