import { describe, expect, it } from 'vitest';
import { breachCounts, escalationLevel } from './escalation';

const now = new Date('2026-11-21T12:00:00Z');
const daysAgo = (...d: number[]) => d.map((x) => new Date(now.getTime() - x * 86_400_000));

describe('escalation levels over rolling windows', () => {
  it('one breach is no level', () => {
    expect(escalationLevel(daysAgo(1), now).level).toBe(0);
  });

  it('2 breaches in 15 days: level 1; the 15-day window is rolling', () => {
    expect(escalationLevel(daysAgo(1, 14), now)).toMatchObject({ level: 1, count: 2 });
    expect(escalationLevel(daysAgo(1, 16), now).level).toBe(0);
  });

  it('3 in 21 days: level 2 (even when only 2 fall in the last 15)', () => {
    expect(escalationLevel(daysAgo(1, 2, 20), now).level).toBe(2);
    expect(escalationLevel(daysAgo(1, 16, 20), now).level).toBe(2);
    expect(escalationLevel(daysAgo(1, 16, 22), now).level).toBe(0);
    expect(escalationLevel(daysAgo(1, 2, 22), now).level).toBe(1);
  });

  it('4 in 30 days: level 3', () => {
    expect(escalationLevel(daysAgo(1, 10, 25, 29), now).level).toBe(3);
    // Without the fourth inside 30 days, what is left is 2 in 15 days: level 1.
    expect(escalationLevel(daysAgo(1, 10, 25, 31), now).level).toBe(1);
    expect(escalationLevel(daysAgo(1, 16, 25, 31), now).level).toBe(0);
  });

  it('an excused breach, left out, no longer counts', () => {
    const all = daysAgo(1, 5);
    expect(escalationLevel(all, now).level).toBe(1);
    expect(escalationLevel(all.slice(1), now).level).toBe(0);
  });

  it('counts breaches per window for the team view', () => {
    expect(breachCounts(daysAgo(1, 16, 25, 40), now)).toEqual([
      { days: 15, count: 1 },
      { days: 21, count: 2 },
      { days: 30, count: 3 },
    ]);
  });
});
