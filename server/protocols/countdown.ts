import { DateTime } from 'luxon';
import { DEFAULT_QUIET_HOURS, quietEndsAt, urgencyOf, type QuietHours, type StageClock } from './deadline';

/*
 * What a countdown chip may say without misleading (SPEC §4, §17). A business clock that stops
 * for the night before its deadline would read "2 h left" at 20:42 for a deadline at 10:42
 * tomorrow: such a chip names the due instant instead. A paused one says when it resumes.
 * Durations shown are always real time to the due instant.
 */
export type Countdown =
  | { kind: 'running'; urgency: 'on_track' | 'soon'; leftMs: number; dueAt: Date; pausesBeforeDue: boolean }
  | { kind: 'paused'; resumesAt: Date; dueAt: Date }
  | { kind: 'overdue'; overdueMs: number; dueAt: Date };

export function countdownOf(args: { now: Date; startedAt: Date; due: Date; clock: StageClock; zone: string; quiet?: QuietHours }): Countdown {
  const { now, due, clock, zone, quiet = DEFAULT_QUIET_HOURS } = args;
  const { urgency, leftMs: clockLeft } = urgencyOf({ ...args, quiet });
  const realLeft = due.getTime() - now.getTime();
  if (urgency === 'overdue') return { kind: 'overdue', overdueMs: -realLeft, dueAt: due };
  if (urgency === 'paused') return { kind: 'paused', resumesAt: quietEndsAt(now, zone, quiet), dueAt: due };
  return { kind: 'running', urgency, leftMs: realLeft, dueAt: due, pausesBeforeDue: clock === 'business' && realLeft > clockLeft };
}

export type DayOf = 'yesterday' | 'today' | 'tomorrow' | 'other';

/** Which day an instant falls on as seen from `now`, both read in `zone` (the agent's). */
export function dayOf(at: Date, now: Date, zone: string): DayOf {
  const day = DateTime.fromJSDate(at, { zone }).startOf('day');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(day.diff(today, 'days').days);
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : days === -1 ? 'yesterday' : 'other';
}
