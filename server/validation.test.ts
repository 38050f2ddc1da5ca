import { describe, expect, it } from 'vitest';
import { InstantInput, unstorableField } from './validation';

describe('text the database cannot store', () => {
  it('names the first field holding a NUL or half a surrogate pair, keys included', () => {
    expect(unstorableField({ kind: 'free_form', body: 'a\u0000b' })).toBe('body');
    expect(unstorableField({ properties: { items: ['ok', '\ud800'] } })).toBe('properties.items.1');
    expect(unstorableField({ properties: { ['bad\u0000key']: 1 } })).toBe('properties');
    expect(unstorableField('\udc00')).toBe('(body)');
  });

  it('lets through whole surrogate pairs (emoji), accents, CJK and every other control', () => {
    expect(unstorableField({ body: 'Hola 👋 ñ 你好 \t\n\u0001' })).toBeNull();
    expect(unstorableField([1, true, null, { a: 'b' }])).toBeNull();
  });
});

describe('a moment a client sends', () => {
  it('needs an offset and a year people and the database use', () => {
    expect(InstantInput.safeParse('2026-11-21T10:00:00+01:00').success).toBe(true);
    expect(InstantInput.safeParse('2026-11-21T10:00:00').success).toBe(false);
    expect(InstantInput.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(InstantInput.safeParse('1899-12-31T23:59:59Z').success).toBe(false);
    expect(InstantInput.safeParse('9999-12-31T23:59:59Z').success).toBe(true);
  });
});
