import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { believableSentAt, storableMessage, storableText } from './storable';

const arrivedAt = new Date('2026-12-01T12:00:00Z');

describe('what PostgreSQL can store', () => {
  it('drops NULs and unpaired surrogates, keeps every whole character', () => {
    expect(storableText('do\u0000s')).toBe('dos');
    expect(storableText('a\ud800b\udc00c')).toBe('abc');
    expect(storableText('café 😀 你好')).toBe('café 😀 你好');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const clean = storableText(s);
        expect(clean).not.toContain('\u0000');
        // Survives UTF-8 unchanged: nothing left without a UTF-8 form.
        expect(new TextDecoder().decode(new TextEncoder().encode(clean))).toBe(clean);
        expect(storableText(clean)).toBe(clean);
      }),
    );
  });

  it('believes a provider time from 2009 to 10 minutes ahead of arrival, and replaces any other by the arrival time', () => {
    const replaced = { sentAt: arrivedAt, fromArrival: true };
    for (const iso of ['9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2008-12-31T23:59:59Z', '2026-12-01T12:10:01Z']) {
      expect(believableSentAt(new Date(iso), arrivedAt)).toEqual(replaced);
    }
    expect(believableSentAt(new Date(Number('99999999999999999999') * 1000), arrivedAt)).toEqual(replaced);
    for (const iso of ['2009-01-01T00:00:00Z', '2016-01-30T01:57:09Z', '2026-12-01T12:10:00Z']) {
      expect(believableSentAt(new Date(iso), arrivedAt)).toEqual({ sentAt: new Date(iso), fromArrival: false });
    }
  });

  it('cleans every text of a message’s media like its body, and adds no field that was absent', () => {
    const m = storableMessage(
      {
        providerMessageId: 'p1',
        externalId: 'e1',
        contactName: null,
        contactPhone: null,
        body: '',
        sentAt: arrivedAt,
        echo: false,
        media: [
          { kind: 'image', ref: 'ref\u0000', caption: 'fo\u0000to', fileName: 'a\ud800.jpg' },
          { kind: 'document', ref: 'doc' },
          { kind: 'location', latitude: 1, longitude: 2, name: 'Casa\u0000' },
          { kind: 'contact', name: 'Lu\u0000is', phones: ['+34\u0000600'] },
        ],
      },
      arrivedAt,
    );
    expect(m.media).toEqual([
      { kind: 'image', ref: 'ref', caption: 'foto', fileName: 'a.jpg' },
      { kind: 'document', ref: 'doc' },
      { kind: 'location', latitude: 1, longitude: 2, name: 'Casa' },
      { kind: 'contact', name: 'Luis', phones: ['+34600'] },
    ]);
  });
});
