import { describe, expect, it } from 'vitest';
import { canonicalJson, IdempotencyKey, retryOf, SEND_KEY_TTL_MS } from './send-key';

const now = new Date('2026-11-20T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('send keys', () => {
  it('answers a retry within 24 hours, refuses another send under the key, and forgets it after', () => {
    expect(retryOf(undefined, 'a', now)).toBe('fresh');
    expect(retryOf({ fingerprint: 'a', createdAt: ago(60_000) }, 'a', now)).toBe('replay');
    expect(retryOf({ fingerprint: 'a', createdAt: ago(SEND_KEY_TTL_MS - 1) }, 'b', now)).toBe('reused');
    expect(retryOf({ fingerprint: 'a', createdAt: ago(SEND_KEY_TTL_MS) }, 'b', now)).toBe('fresh');
  });

  it('reads the same send the same however its keys were ordered', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ message: { kind: 'free_form', body: 'Hola' } })).not.toBe(canonicalJson({ message: { kind: 'free_form', body: 'Hola ' } }));
  });

  it('takes UUIDs and clients’ own keys, refuses empty, long, spaced and non-ASCII ones', () => {
    for (const ok of ['0b9f3c1e-7a52-4c1e-9d0e-2f4a6b8c0d1e', '01JD4X3K2M', 'order-42:reply', 'a/b+c=', 'x'.repeat(255)]) expect(IdempotencyKey.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', 'x'.repeat(256), 'with space', 'acentuación', 'tab\there', 'line\nbreak']) expect(IdempotencyKey.safeParse(bad).success, bad).toBe(false);
  });
});
