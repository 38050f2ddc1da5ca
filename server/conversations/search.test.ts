import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearch, phoneSuffixRange } from './search';

describe('phone search', () => {
  it('reads any formatting of a number as its digits', () => {
    expect(parseSearch('+34 600 11-22 33')).toEqual({ kind: 'phone', digits: '34600112233' });
    expect(parseSearch('(600) 112')).toEqual({ kind: 'phone', digits: '600112' });
    expect(parseSearch('Ana 600')).toMatchObject({ kind: 'text' });
  });

  it('reads a leading international 00 as the + of the number', () => {
    expect(parseSearch('0034611223344')).toEqual({ kind: 'phone', digits: '34611223344' });
    expect(parseSearch(' 00 34 611 22 33 44')).toEqual({ kind: 'phone', digits: '34611223344' });
    // Only at the start: zeros inside a number are its digits.
    expect(parseSearch('611 00 33')).toEqual({ kind: 'phone', digits: '6110033' });
  });

  it('bounds exactly the numbers that end in the digits typed', () => {
    // text_pattern_ops compares bytes; for ASCII digits that is JavaScript's string order.
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 });
    fc.assert(
      // Half the numbers end in what was typed; the other half rarely do.
      fc.property(digits, digits, fc.boolean(), (start, typed, endsInTyped) => {
        const phone = endsInTyped ? start + typed : start;
        const { from, to } = phoneSuffixRange(typed);
        const reversed = [...phone].reverse().join('');
        expect(reversed >= from && reversed < to).toBe(phone.endsWith(typed));
      }),
      { numRuns: 2000 },
    );
    expect(phoneSuffixRange('600112233')).toEqual({ from: '332211006', to: '332211007' });
    expect(phoneSuffixRange('9')).toEqual({ from: '9', to: ':' });
  });
});
