import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('keyset cursor', () => {
  it('round-trips a moment and an id', () => {
    const k = { at: new Date('2026-11-21T10:00:00.123Z'), id: '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
  });

  it('refuses a forged cursor with an error naming the field', () => {
    expect(() => decodeCursor('bm90LWEtY3Vyc29y')).toThrow(/cursor/);
  });
});
