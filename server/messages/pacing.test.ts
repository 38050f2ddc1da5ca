import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPacer, reserveSlot } from './pacing';

describe('pacing a channel (SPEC §13 limits)', () => {
  it('spreads a burst at the channel rate instead of sending it at once', () => {
    const pacer = newPacer();
    const pacing = { perSecond: 80, perRecipientMs: 0, concurrency: 20 };
    const slots = Array.from({ length: 160 }, (_, i) => reserveSlot(pacer, pacing, `r${i}`, 1_000));
    expect(slots[0]).toBe(1_000);
    expect(slots[79]).toBe(Math.ceil(1_000 + (79 * 1000) / 80));
    expect(slots[159]! - slots[0]!).toBe(Math.ceil((159 * 1000) / 80));
  });

  it('keeps 6 s between two messages to one WhatsApp recipient, without holding back the others', () => {
    const pacer = newPacer();
    const pacing = { perSecond: 80, perRecipientMs: 6_000, concurrency: 20 };
    const first = reserveSlot(pacer, pacing, 'ana', 0);
    const second = reserveSlot(pacer, pacing, 'ana', 0);
    const other = reserveSlot(pacer, pacing, 'luis', 0);
    expect(first).toBe(0);
    expect(second).toBe(6_000);
    expect(other).toBeLessThan(100);
  });

  it('never gives one recipient two slots closer than its rule, nor the channel more than its rate in any second', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 200 }), (recipients) => {
        const pacer = newPacer();
        const pacing = { perSecond: 30, perRecipientMs: 1_000, concurrency: 5 };
        const slots = recipients.map((r) => ({ r, at: reserveSlot(pacer, pacing, r, 0) }));
        for (const r of new Set(recipients)) {
          const mine = slots.filter((s) => s.r === r).map((s) => s.at);
          for (let i = 1; i < mine.length; i++) if (mine[i]! - mine[i - 1]! < 1_000) return false;
        }
        // Slots taken for a waiting recipient may share a second with the channel's own: at most double.
        const perSecond = new Map<number, number>();
        for (const s of slots) perSecond.set(Math.floor(s.at / 1000), (perSecond.get(Math.floor(s.at / 1000)) ?? 0) + 1);
        return [...perSecond.values()].every((n) => n <= 2 * pacing.perSecond);
      }),
    );
  });

  it('reserves nothing for a message it holds back, so asking again later gets the same slot', () => {
    const pacer = newPacer();
    const pacing = { perSecond: 80, perRecipientMs: 6_000, concurrency: 20 };
    expect(reserveSlot(pacer, pacing, 'ana', 0, 2_000)).toBe(0);
    // Ana's next message is 6 s away: held back, and nothing is reserved for it…
    expect(reserveSlot(pacer, pacing, 'ana', 100, 2_000)).toBe(6_000);
    // …so when it is due, it goes (before, each ask pushed it 6 s further, for ever).
    expect(reserveSlot(pacer, pacing, 'ana', 6_000, 2_000)).toBe(6_000);
  });
});
