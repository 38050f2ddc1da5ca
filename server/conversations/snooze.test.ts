import { describe, expect, it } from 'vitest';
import { deadlineSleptThrough, snoozeUntil } from './snooze';

describe('snooze presets in the user zone', () => {
  it('later today is three hours on', () => {
    expect(snoozeUntil('later_today', new Date('2026-11-21T10:00:00Z'), 'Europe/Madrid')).toEqual(new Date('2026-11-21T13:00:00Z'));
  });

  it("tomorrow is 09:00 the next day in the user's zone, not the server's", () => {
    // 23:30 UTC on the 21st is already the 22nd in Madrid: tomorrow is the 23rd, 09:00 (+01:00).
    expect(snoozeUntil('tomorrow', new Date('2026-11-21T23:30:00Z'), 'Europe/Madrid')).toEqual(new Date('2026-11-23T08:00:00Z'));
    // Still the 21st in Mexico City: tomorrow is the 22nd, 09:00 (-06:00).
    expect(snoozeUntil('tomorrow', new Date('2026-11-21T23:30:00Z'), 'America/Mexico_City')).toEqual(new Date('2026-11-22T15:00:00Z'));
  });

  it('keeps 09:00 across a DST change', () => {
    // Madrid springs forward on 2026-03-29: 09:00 that day is +02:00.
    expect(snoozeUntil('tomorrow', new Date('2026-03-28T12:00:00Z'), 'Europe/Madrid')).toEqual(new Date('2026-03-29T07:00:00Z'));
    // And falls back on 2026-10-25: next week from the 20th is the 27th, 09:00 (+01:00).
    expect(snoozeUntil('next_week', new Date('2026-10-20T12:00:00Z'), 'Europe/Madrid')).toEqual(new Date('2026-10-27T08:00:00Z'));
  });

  it('finds the earliest pending required deadline a snooze would sleep through', () => {
    const d = (stage: string, dueAt: string, status = 'pending', enforcement = 'required') => ({ stage, dueAt, status, enforcement });
    const list = [d('third', '2026-11-24T09:00:00Z'), d('second', '2026-11-22T17:40:00Z'), d('after', '2026-11-22T10:00:00Z', 'pending', 'recommended'), d('first', '2026-11-21T10:00:00Z', 'met')];
    expect(deadlineSleptThrough(new Date('2026-11-23T08:00:00Z'), list)?.stage).toBe('second');
    expect(deadlineSleptThrough(new Date('2026-11-22T17:40:00Z'), list)).toBeNull(); // wakes as it falls due
    expect(deadlineSleptThrough(new Date('2026-11-30T08:00:00Z'), list)?.stage).toBe('second');
  });
});
