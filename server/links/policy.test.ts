import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, CODE_SHAPE, codeFrom, linksIn, shortened } from './policy';

const BASE = 'https://cad.example';

describe('short links', () => {
  it('finds https links without the punctuation that ends the sentence', () => {
    expect(linksIn('Mira https://tienda.example/p?id=3. Y (https://x.example/a), o http://viejo.example')).toEqual([
      { url: 'https://tienda.example/p?id=3', index: 5 },
      { url: 'https://x.example/a', index: 39 },
    ]);
  });

  it('replaces each by its code and leaves ours and plain http alone', () => {
    const body = `Reserva: https://cal.example/ana?x=1, o ${BASE}/l/AAAAAAAAAA, o http://a.example`;
    expect(shortened(body, BASE, [])).toEqual({ body, links: ['https://cal.example/ana?x=1'] });
    expect(shortened(body, BASE, ['Zx81Qw0pLk']).body).toBe(`Reserva: ${BASE}/l/Zx81Qw0pLk, o ${BASE}/l/AAAAAAAAAA, o http://a.example`);
  });

  it('keeps every other character of the text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 8 }).map((s) => s.replace(/h/g, '')), fc.webUrl({ validSchemes: ['https'] }).map((u) => ` ${u} `))), (parts) => {
        const body = parts.join('');
        const { links } = shortened(body, BASE, []);
        const codes = links.map((_, i) => `code${String(i).padStart(6, '0')}`);
        const out = shortened(body, BASE, codes).body;
        expect(linksIn(out).filter((l) => !l.url.startsWith(`${BASE}/l/`))).toEqual([]);
        // Putting the originals back gives the text as written.
        // A function, not a string: a `$$` or `$&` in a URL is not a replacement pattern.
        expect(codes.reduce((text, code, i) => text.replace(`${BASE}/l/${code}`, () => links[i]!), out)).toBe(body);
      }),
    );
  });

  it('makes codes of the alphabet only, of the length, each letter equally likely (bytes past 247 dropped)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }), (bytes) => {
        const code = codeFrom(bytes);
        if (code === null) expect(bytes.filter((b) => b < 248).length).toBeLessThan(CODE_LENGTH);
        else expect(code).toMatch(CODE_SHAPE);
      }),
    );
    expect(codeFrom(new Uint8Array([248, 255, 0, 61, 62, 1, 2, 3, 4, 5, 6, 7]))).toBe('A9ABCDEFGH');
  });
});
