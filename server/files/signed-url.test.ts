import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FETCH_TTL_MS, signedFilePath, signFile, verifyFile } from './signed-url';

const key = randomBytes(32);
const id = '6f1c1c7e-9d1b-4f5e-8a43-2b0c5d7e9a10';
const now = new Date('2026-12-02T08:00:00Z');
const query = (s: { exp: number; sig: string }) => ({ exp: String(s.exp), sig: s.sig });

describe('signed file URLs', () => {
  it('a fresh signature is valid until its expiry, and expired from then on', () => {
    const signature = signFile(key, id, now, FETCH_TTL_MS);
    expect(signature.exp).toBe(Math.floor(now.getTime() / 1000) + 3600);
    expect(verifyFile(key, id, query(signature), now)).toBe('valid');
    expect(verifyFile(key, id, query(signature), new Date(now.getTime() + FETCH_TTL_MS - 1000))).toBe('valid');
    expect(verifyFile(key, id, query(signature), new Date(now.getTime() + FETCH_TTL_MS))).toBe('expired');
  });

  it('refuses a signature of another file, another key, a moved expiry or a changed signature', () => {
    const signature = signFile(key, id, now, FETCH_TTL_MS);
    expect(verifyFile(key, '00000000-0000-4000-8000-000000000000', query(signature), now)).toBe('invalid');
    expect(verifyFile(randomBytes(32), id, query(signature), now)).toBe('invalid');
    expect(verifyFile(key, id, { exp: String(signature.exp + 86_400), sig: signature.sig }, now)).toBe('invalid');
    const flipped = `${signature.sig.slice(0, -2)}${signature.sig.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(verifyFile(key, id, { exp: String(signature.exp), sig: flipped }, now)).toBe('invalid');
  });

  it('refuses every other spelling of a signature: any one character changed, the last one too', () => {
    const signature = signFile(key, id, now, FETCH_TTL_MS);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted: string[] = [];
    for (let at = 0; at < signature.sig.length; at++) {
      for (const c of alphabet) {
        if (c === signature.sig[at]) continue;
        const sig = `${signature.sig.slice(0, at)}${c}${signature.sig.slice(at + 1)}`;
        if (verifyFile(key, id, { exp: String(signature.exp), sig }, now) !== 'invalid') accepted.push(sig);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses what is not a signature at all, before any arithmetic', () => {
    for (const bad of [{ exp: null, sig: null }, { exp: '1e99', sig: 'x' }, { exp: '-5', sig: 'a'.repeat(43) }, { exp: '1799999999', sig: 'short' }]) {
      expect(verifyFile(key, id, bad, now)).toBe('invalid');
    }
  });

  it('names the signed route with both values in the query', () => {
    expect(signedFilePath(id, { exp: 1800000000, sig: 'abc' })).toBe(`/api/files/${id}/signed?exp=1800000000&sig=abc`);
  });
});
