import { describe, expect, it } from 'vitest';
import { fixtureJson } from './testdata/load';
import { metaSignature, verifyMetaSignature } from './signature';

const vectors = fixtureJson('signature_test_vectors.jsonc') as {
  meta_hmac_sha256_hex: { appSecret: string; rawBody: string; 'X-Hub-Signature-256': string };
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
