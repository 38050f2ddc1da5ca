import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credits, neighbourhood, type Reply, type Send } from './policy';

const t = (hours: number) => new Date(Date.UTC(2026, 10, 20) + hours * 3_600_000);
const send = (id: string, hours: number, windowHours = 24): Send => ({ id, at: t(hours), windowHours });
const reply = (id: string, hours: number): Reply => ({ id, at: t(hours) });
const pairs = (sends: Send[], replies: Reply[]) => [...credits(sends, replies)];

/** The rule read from the send's side: its first reply, if that reply has no later send and is in time. */
function reference(sends: Send[], replies: Reply[]): Map<string, string> {
  const order = (a: { at: Date; id: string }, b: { at: Date; id: string }) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id);
  const out = new Map<string, string>();
  for (const s of sends) {
    const first = replies.filter((r) => r.at >= s.at).sort(order)[0];
    if (!first) continue;
    const last = sends.filter((x) => x.at <= first.at).sort(order).at(-1)!;
    if (last.id === s.id && first.at.getTime() - s.at.getTime() <= s.windowHours * 3_600_000) out.set(first.id, s.id);
  }
  return out;
}

const windows = fc.integer({ min: 1, max: 72 });

describe('campaign and flow attribution', () => {
  it('credits the first reply within the window to the send before it, and no other reply', () => {
    expect(pairs([send('autumn', 0)], [reply('a', 0.01), reply('b', 0.02), reply('c', 3)])).toEqual([['a', 'autumn']]);
  });

  it("credits nothing past the window, each send's own (the setting when it was recorded)", () => {
    expect(pairs([send('autumn', 0)], [reply('a', 24.5)])).toEqual([]);
    expect(pairs([send('autumn', 0, 48)], [reply('a', 24.5)])).toEqual([['a', 'autumn']]);
    expect(pairs([send('autumn', 0)], [reply('a', 24)])).toEqual([['a', 'autumn']]);
  });

  it('credits the last send received: a campaign, then a flow, then the reply goes to the flow', () => {
    expect(pairs([send('campaign', 0), send('flow', 1)], [reply('a', 2)])).toEqual([['a', 'flow']]);
  });

  it('a reply written before a send answers nothing sent after it', () => {
    expect(pairs([send('autumn', 5)], [reply('a', 4)])).toEqual([]);
  });

  it('a later send opens a new credit for the next reply', () => {
    expect(pairs([send('one', 0), send('two', 10)], [reply('a', 1), reply('b', 2), reply('c', 11)])).toEqual([
      ['a', 'one'],
      ['c', 'two'],
    ]);
  });

  it('agrees with the rule read from the send side, for any history', () => {
    const hours = fc.integer({ min: 0, max: 200 });
    fc.assert(
      fc.property(fc.array(fc.tuple(hours, windows), { maxLength: 8 }), fc.array(hours, { maxLength: 12 }), (sendsAt, replyHours) => {
        const sends = sendsAt.map(([h, w], i) => send(`s${i}`, h, w));
        const replies = replyHours.map((h, i) => reply(`r${i}`, h));
        expect(credits(sends, replies)).toEqual(reference(sends, replies));
      }),
      { numRuns: 1000 },
    );
  });

  it('decides the credits near a new event from its neighbourhood alone, as the whole history would', () => {
    const hours = fc.integer({ min: 0, max: 300 });
    fc.assert(
      fc.property(fc.array(fc.tuple(hours, windows), { maxLength: 10 }), fc.array(hours, { maxLength: 14 }), hours, (sendsAt, replyHours, around) => {
        const sends = sendsAt.map(([h, w], i) => send(`s${i}`, h, w));
        const replies = replyHours.map((h, i) => reply(`r${i}`, h));
        // As the service does: the widest window among the sends that could matter.
        const widest = Math.max(1, ...sends.map((s) => s.windowHours));
        const { read, decide } = neighbourhood(t(around), widest);
        const inside = <T extends { at: Date }>(x: T, range: { from: Date; to: Date }) => x.at >= range.from && x.at <= range.to;
        const whole = credits(sends, replies);
        const near = credits(sends.filter((s) => inside(s, read)), replies.filter((r) => inside(r, read)));
        for (const r of replies.filter((x) => inside(x, decide))) expect(near.get(r.id)).toBe(whole.get(r.id));
      }),
      { numRuns: 1000 },
    );
  });
});
