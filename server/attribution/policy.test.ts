import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newAttributions, type Reply, type Send } from './policy';

const t = (hours: number) => new Date(Date.UTC(2026, 10, 20) + hours * 3_600_000);
const send = (id: string, hours: number): Send => ({ id, at: t(hours) });
const reply = (id: string, hours: number, sendId: string | null = null): Reply => ({ id, at: t(hours), sendId });

describe('campaign and flow attribution', () => {
  it('credits the first reply within the window to the send before it, and no other reply', () => {
    expect(newAttributions([send('autumn', 0)], [reply('a', 0.01), reply('b', 0.02), reply('c', 3)], 24)).toEqual([{ replyId: 'a', sendId: 'autumn' }]);
  });

  it('credits nothing past the window, which is a workspace setting', () => {
    expect(newAttributions([send('autumn', 0)], [reply('a', 24.5)], 24)).toEqual([]);
    expect(newAttributions([send('autumn', 0)], [reply('a', 24.5)], 48)).toEqual([{ replyId: 'a', sendId: 'autumn' }]);
    expect(newAttributions([send('autumn', 0)], [reply('a', 24)], 24)).toEqual([{ replyId: 'a', sendId: 'autumn' }]);
  });

  it('credits the last send received: a campaign, then a flow, then the reply goes to the flow', () => {
    expect(newAttributions([send('campaign', 0), send('flow', 1)], [reply('a', 2)], 24)).toEqual([{ replyId: 'a', sendId: 'flow' }]);
  });

  it('a reply written before a send answers nothing sent after it', () => {
    expect(newAttributions([send('autumn', 5)], [reply('a', 4)], 24)).toEqual([]);
  });

  it('a later send opens a new credit for the next reply', () => {
    expect(newAttributions([send('one', 0), send('two', 10)], [reply('a', 1), reply('b', 2), reply('c', 11)], 24)).toEqual([
      { replyId: 'a', sendId: 'one' },
      { replyId: 'c', sendId: 'two' },
    ]);
  });

  it('keeps credits already given and never gives a send twice', () => {
    expect(newAttributions([send('autumn', 0)], [reply('a', 1, 'autumn'), reply('b', 2)], 24)).toEqual([]);
    // A send whose event arrived late finds its first reply; one already credited elsewhere stays so.
    expect(newAttributions([send('one', 0), send('two', 3)], [reply('a', 1, 'one'), reply('b', 4)], 24)).toEqual([{ replyId: 'b', sendId: 'two' }]);
  });

  it('holds for any history: each send and reply credited at most once, to the last send before the first reply after it', () => {
    const hours = fc.integer({ min: 0, max: 200 });
    fc.assert(
      fc.property(fc.array(hours, { maxLength: 8 }), fc.array(hours, { maxLength: 12 }), fc.integer({ min: 1, max: 72 }), (sendHours, replyHours, window) => {
        const sends = sendHours.map((h, i) => send(`s${i}`, h));
        const replies = replyHours.map((h, i) => reply(`r${i}`, h + 0.5));
        const credits = newAttributions(sends, replies, window);
        expect(new Set(credits.map((c) => c.replyId)).size).toBe(credits.length);
        expect(new Set(credits.map((c) => c.sendId)).size).toBe(credits.length);
        for (const { replyId, sendId } of credits) {
          const r = replies.find((x) => x.id === replyId)!;
          const s = sends.find((x) => x.id === sendId)!;
          const gap = r.at.getTime() - s.at.getTime();
          expect(gap).toBeGreaterThanOrEqual(0);
          expect(gap).toBeLessThanOrEqual(window * 3_600_000);
          // No send between them, and no reply between them.
          expect(sends.some((x) => x.at > s.at && x.at <= r.at)).toBe(false);
          expect(replies.some((x) => x.id !== r.id && x.at >= s.at && x.at < r.at)).toBe(false);
        }
        // Applying the credits and asking again adds nothing.
        const credited = replies.map((r) => ({ ...r, sendId: credits.find((c) => c.replyId === r.id)?.sendId ?? null }));
        expect(newAttributions(sends, credited, window)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
