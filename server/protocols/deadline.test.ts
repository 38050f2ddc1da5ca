import { describe, expect, it } from 'vitest';
import { dueAt, isQuiet, timeLeft, urgencyOf } from './deadline';

const M = 'Europe/Madrid';
const MX = 'America/Mexico_City';
const H = 60;

describe('dueAt on the business clock (quiet 21:00–09:00)', () => {
  it('a chat opened at 20:30 Madrid time is due at 10:30 the next morning', () => {
    // 2026-11-20 20:30 Madrid = 19:30 UTC; 10:30 Madrid next day = 09:30 UTC.
    expect(dueAt(new Date('2026-11-20T19:30:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-21T09:30:00Z'));
  });

  it('runs straight through the day', () => {
    expect(dueAt(new Date('2026-11-20T10:00:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-20T12:00:00Z'));
  });

  it('ends exactly at the start of the quiet hours when it fits', () => {
    expect(dueAt(new Date('2026-11-20T18:00:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-20T20:00:00Z')); // 21:00 Madrid
  });

  it('a chat opened inside the quiet hours starts counting at 09:00', () => {
    expect(dueAt(new Date('2026-11-20T22:15:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-21T10:00:00Z')); // 11:00 Madrid
    expect(dueAt(new Date('2026-11-21T02:00:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-21T10:00:00Z'));
  });

  it('starting at 09:00 sharp counts from then; 08:59 waits for 09:00', () => {
    expect(dueAt(new Date('2026-11-21T08:00:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-21T10:00:00Z'));
    expect(dueAt(new Date('2026-11-21T07:59:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-11-21T10:00:00Z'));
  });

  it('spans several days for long offsets (12 business hours a day)', () => {
    // 30 business hours from Monday 09:00: Mon 12 h, Tue 12 h, Wed 6 h → Wed 15:00 Madrid.
    expect(dueAt(new Date('2026-11-23T08:00:00Z'), 30 * H, 'business', M)).toEqual(new Date('2026-11-25T14:00:00Z'));
  });

  it('crosses the spring DST change in Madrid (2026-03-29, 02:00 → 03:00)', () => {
    // Opened Saturday 20:30 (+01:00) = 19:30 UTC; resumes Sunday 09:00 (+02:00) = 07:00 UTC; due 10:30 (+02:00).
    expect(dueAt(new Date('2026-03-28T19:30:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-03-29T08:30:00Z'));
  });

  it('crosses the autumn DST change in Madrid (2026-10-25, 03:00 → 02:00)', () => {
    // Opened Saturday 20:30 (+02:00) = 18:30 UTC; resumes Sunday 09:00 (+01:00) = 08:00 UTC; due 10:30 (+01:00).
    expect(dueAt(new Date('2026-10-24T18:30:00Z'), 2 * H, 'business', M)).toEqual(new Date('2026-10-25T09:30:00Z'));
  });

  it("uses the agent's zone: Mexico City has no DST", () => {
    // 20:30 in Mexico City (-06:00) = 02:30 UTC next day; due 10:30 Mexico City = 16:30 UTC.
    expect(dueAt(new Date('2026-03-29T02:30:00Z'), 2 * H, 'business', MX)).toEqual(new Date('2026-03-29T16:30:00Z'));
    expect(dueAt(new Date('2026-10-25T02:30:00Z'), 2 * H, 'business', MX)).toEqual(new Date('2026-10-25T16:30:00Z'));
  });

  it('honours other quiet hours, including ones that do not cross midnight', () => {
    // 23:30 + 60 min: 30 min before midnight, then 30 after 06:00.
    expect(dueAt(new Date('2026-11-20T23:30:00Z'), 60, 'business', 'UTC', { start: '00:00', end: '06:00' })).toEqual(new Date('2026-11-21T06:30:00Z'));
  });
});

describe('dueAt on the calendar clock', () => {
  it('ignores quiet hours and DST: 24 h is 24 real hours', () => {
    expect(dueAt(new Date('2026-10-24T19:30:00Z'), 24 * H, 'calendar', M)).toEqual(new Date('2026-10-25T19:30:00Z'));
    expect(dueAt(new Date('2026-11-20T20:00:00Z'), 72 * H, 'calendar', M)).toEqual(new Date('2026-11-23T20:00:00Z'));
  });
});

describe('time left and urgency', () => {
  const start = new Date('2026-11-20T19:30:00Z'); // 20:30 Madrid
  const due = dueAt(start, 2 * H, 'business', M); // 10:30 next day

  it('counts only running business time', () => {
    expect(timeLeft(start, due, 'business', M)).toBe(2 * 3_600_000);
    expect(timeLeft(new Date('2026-11-21T03:00:00Z'), due, 'business', M)).toBe(90 * 60_000);
  });

  it('shows paused during the quiet hours, amber in the last 25 %, red when overdue', () => {
    const u = (iso: string) => urgencyOf({ now: new Date(iso), startedAt: start, due, clock: 'business', zone: M }).urgency;
    expect(u('2026-11-20T19:45:00Z')).toBe('on_track'); // 20:45: 1 h 45 min left of 2 h
    expect(u('2026-11-20T23:00:00Z')).toBe('paused'); // midnight
    expect(u('2026-11-21T09:05:00Z')).toBe('soon'); // 10:05: 25 min left (≤ 30 min)
    expect(u('2026-11-21T09:31:00Z')).toBe('overdue');
    expect(isQuiet(new Date('2026-11-21T07:59:00Z'), M, { start: '21:00', end: '09:00' })).toBe(true);
  });
});
