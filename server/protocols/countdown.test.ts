import { describe, expect, it } from 'vitest';
import { countdownOf, dayOf } from './countdown';
import { dueAt } from './deadline';

const M = 'Europe/Madrid';
const H = 3_600_000;

describe('countdown chips that cannot mislead', () => {
  it('at 20:42 a new chat due 10:42 tomorrow names that instant, not "2 h left"', () => {
    const start = new Date('2026-11-20T19:42:00Z'); // 20:42 Madrid
    const due = dueAt(start, 120, 'business', M);
    expect(due).toEqual(new Date('2026-11-21T09:42:00Z')); // 10:42 Madrid
    const c = countdownOf({ now: start, startedAt: start, due, clock: 'business', zone: M });
    expect(c).toEqual({ kind: 'running', urgency: 'on_track', leftMs: 14 * H, dueAt: due, pausesBeforeDue: true });
  });

  it('a business deadline inside the working day counts down in real time', () => {
    const start = new Date('2026-11-20T09:00:00Z');
    const due = dueAt(start, 120, 'business', M);
    const c = countdownOf({ now: new Date('2026-11-20T10:30:00Z'), startedAt: start, due, clock: 'business', zone: M });
    expect(c).toEqual({ kind: 'running', urgency: 'soon', leftMs: 0.5 * H, dueAt: due, pausesBeforeDue: false });
  });

  it('paused during the quiet hours says when it resumes', () => {
    const start = new Date('2026-11-20T19:42:00Z');
    const due = dueAt(start, 120, 'business', M);
    const c = countdownOf({ now: new Date('2026-11-20T23:00:00Z'), startedAt: start, due, clock: 'business', zone: M });
    expect(c).toEqual({ kind: 'paused', resumesAt: new Date('2026-11-21T08:00:00Z'), dueAt: due }); // 09:00 Madrid
  });

  it('overdue by real time; a calendar clock never pauses', () => {
    const start = new Date('2026-11-20T22:00:00Z');
    const due = dueAt(start, 24 * 60, 'calendar', M);
    expect(countdownOf({ now: new Date('2026-11-20T23:00:00Z'), startedAt: start, due, clock: 'calendar', zone: M })).toMatchObject({ kind: 'running', leftMs: 23 * H, pausesBeforeDue: false });
    expect(countdownOf({ now: new Date('2026-11-21T22:30:00Z'), startedAt: start, due, clock: 'calendar', zone: M })).toEqual({ kind: 'overdue', overdueMs: 0.5 * H, dueAt: due });
  });

  it("reads today and tomorrow in the agent's zone, not UTC's", () => {
    const now = new Date('2026-11-20T22:30:00Z'); // 23:30 Madrid, still the 20th there
    expect(dayOf(new Date('2026-11-20T22:50:00Z'), now, M)).toBe('today');
    expect(dayOf(new Date('2026-11-21T09:42:00Z'), now, M)).toBe('tomorrow');
    expect(dayOf(new Date('2026-11-20T09:00:00Z'), now, M)).toBe('today');
    expect(dayOf(new Date('2026-11-19T09:00:00Z'), now, M)).toBe('yesterday');
    expect(dayOf(new Date('2026-11-25T09:00:00Z'), now, M)).toBe('other');
    // 16:30 in Mexico City on the 20th: the same instant 10:42 Madrid tomorrow is 03:42 there, tomorrow too.
    expect(dayOf(new Date('2026-11-21T09:42:00Z'), now, 'America/Mexico_City')).toBe('tomorrow');
  });
});
