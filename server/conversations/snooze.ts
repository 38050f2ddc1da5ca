import { DateTime } from 'luxon';

/*
 * Snooze presets (SPEC §2), computed in the user's own zone: later today (+3 h), tomorrow at
 * 09:00, next week (09:00, seven days on), or a chosen moment.
 */
export type SnoozePreset = 'later_today' | 'tomorrow' | 'next_week';

export function snoozeUntil(preset: SnoozePreset, now: Date, zone: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  const nineAm = (d: DateTime) => d.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  switch (preset) {
    case 'later_today':
      return local.plus({ hours: 3 }).toJSDate();
    case 'tomorrow':
      return nineAm(local.plus({ days: 1 })).toJSDate();
    case 'next_week':
      return nineAm(local.plus({ days: 7 })).toJSDate();
  }
}

/**
 * The deadline a snooze until `until` would sleep through (SPEC §4): the earliest pending
 * required one due before the conversation wakes, or null when there is none.
 */
export function deadlineSleptThrough<D extends { status: string; enforcement: string; dueAt: string }>(until: Date, deadlines: D[]): D | null {
  const before = deadlines.filter((d) => d.status === 'pending' && d.enforcement === 'required' && Date.parse(d.dueAt) < until.getTime());
  return before.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0] ?? null;
}
