import { DateTime } from 'luxon';
import { z } from 'zod';
import type { STAGE_CLOCKS } from '@/db/schema/values';

/*
 * Deadline arithmetic (SPEC §4), pure and zone-aware. A `business` clock does not run during
 * the workspace's quiet hours (default 21:00–09:00), read in the assigned agent's zone; a
 * `calendar` clock always runs. Luxon resolves wall-clock times, so DST changes are handled.
 */

export type StageClock = (typeof STAGE_CLOCKS)[number];
/** Local times `HH:MM`; the quiet span runs from `start` to `end`, over midnight when `start` is later. */
export const QuietHoursSchema = z.object({ start: z.string(), end: z.string() });
export type QuietHours = z.infer<typeof QuietHoursSchema>;
export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '09:00' };

const MINUTE = 60_000;
const minutesOf = (hhmm: string) => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};
const atMinute = (day: DateTime, minute: number) =>
  day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });

/** Whether an instant falls in the quiet hours of a zone. */
export function isQuiet(at: Date, zone: string, quiet: QuietHours): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const m = local.hour * 60 + local.minute + local.second / 60;
  const s = minutesOf(quiet.start);
  const e = minutesOf(quiet.end);
  if (s === e) return false;
  return s > e ? m >= s || m < e : m >= s && m < e;
}

/** The next moment the quiet hours end, from an instant inside them. */
function quietEndAfter(local: DateTime, quiet: QuietHours): DateTime {
  const e = minutesOf(quiet.end);
  const m = local.hour * 60 + local.minute;
  const today = atMinute(local.startOf('day'), e);
  return m < e ? today : atMinute(local.startOf('day').plus({ days: 1 }), e);
}

/** The next moment the quiet hours start, from an instant outside them. */
function quietStartAfter(local: DateTime, quiet: QuietHours): DateTime {
  const s = minutesOf(quiet.start);
  const today = atMinute(local.startOf('day'), s);
  return today > local ? today : atMinute(local.startOf('day').plus({ days: 1 }), s);
}

/** When the clock stopped by quiet hours at `at` starts again (`at` itself outside them). */
export function quietEndsAt(at: Date, zone: string, quiet: QuietHours): Date {
  return isQuiet(at, zone, quiet) ? quietEndAfter(DateTime.fromJSDate(at, { zone }), quiet).toJSDate() : at;
}

/** When a stage falls due: `offsetMinutes` of the stage's clock after `start`. */
export function dueAt(start: Date, offsetMinutes: number, clock: StageClock, zone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (clock === 'calendar' || minutesOf(quiet.start) === minutesOf(quiet.end)) {
    return new Date(start.getTime() + offsetMinutes * MINUTE);
  }
  let remaining = offsetMinutes * MINUTE;
  let t: DateTime = DateTime.fromJSDate(start, { zone });
  for (let guard = 0; guard < 10_000; guard++) {
    if (isQuiet(t.toJSDate(), zone, quiet)) {
      t = quietEndAfter(t, quiet);
      continue;
    }
    const pause = quietStartAfter(t, quiet);
    const available = pause.toMillis() - t.toMillis();
    if (remaining <= available) return new Date(t.toMillis() + remaining);
    remaining -= available;
    t = pause;
  }
  throw new Error('dueAt: offset too long to compute');
}

/** Clock time left before `due`, counting only the time the stage's clock runs. */
export function timeLeft(now: Date, due: Date, clock: StageClock, zone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): number {
  if (now >= due) return due.getTime() - now.getTime();
  if (clock === 'calendar') return due.getTime() - now.getTime();
  let left = 0;
  let t: DateTime = DateTime.fromJSDate(now, { zone });
  const end = due.getTime();
  for (let guard = 0; guard < 10_000 && t.toMillis() < end; guard++) {
    if (isQuiet(t.toJSDate(), zone, quiet)) {
      t = quietEndAfter(t, quiet);
      continue;
    }
    const pause = quietStartAfter(t, quiet);
    left += Math.min(pause.toMillis(), end) - t.toMillis();
    t = pause;
  }
  return left;
}

export type Urgency = 'on_track' | 'soon' | 'overdue' | 'paused';

/**
 * How a countdown chip looks: red when overdue, amber in the last 25 % of the stage's time,
 * paused while a business clock is stopped by the quiet hours.
 */
export function urgencyOf(args: {
  now: Date;
  startedAt: Date;
  due: Date;
  clock: StageClock;
  zone: string;
  quiet?: QuietHours;
}): { urgency: Urgency; leftMs: number } {
  const { now, startedAt, due, clock, zone, quiet = DEFAULT_QUIET_HOURS } = args;
  const left = timeLeft(now, due, clock, zone, quiet);
  if (left <= 0) return { urgency: 'overdue', leftMs: left };
  if (clock === 'business' && isQuiet(now, zone, quiet)) return { urgency: 'paused', leftMs: left };
  const total = timeLeft(startedAt, due, clock, zone, quiet);
  return { urgency: left <= total * 0.25 ? 'soon' : 'on_track', leftMs: left };
}
