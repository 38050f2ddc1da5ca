import type { Locale, MessageKey } from '@/i18n/messages';
import { countdownOf, dayOf, type Countdown } from '@/server/protocols/countdown';
import type { DeadlineView } from '@/server/protocols/view';
import { clockTime, countdown, shortDate } from '../ui/time';
import { builtInName } from './built-in-names';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;
export type Viewer = { t: T; locale: Locale; zone: string; now: Date };

/** "vence mañana 10:42", "venció hoy 10:42", "en pausa hasta las 09:00": an instant in the agent's zone. */
export function whenText(v: Viewer, kind: 'deadline.due' | 'deadline.wasDue' | 'deadline.pausedUntil' | 'snooze.until', at: Date): string {
  return v.t(`${kind}.${dayOf(at, v.now, v.zone)}`, { time: clockTime(at, v.zone, v.locale), date: shortDate(at, v.zone, v.locale) });
}

export type DeadlineText = { countdown: Countdown; label: string; due: string; dueInLabel: boolean; hover: string };

/** What a pending or breached deadline's chip says, what its absolute due reads, and its hover text. */
export function deadlineText(v: Viewer, d: DeadlineView): DeadlineText {
  const c = countdownOf({ now: v.now, startedAt: new Date(d.startedAt), due: new Date(d.dueAt), clock: d.clock, zone: d.zone, quiet: d.quietHours });
  const due = whenText(v, c.kind === 'overdue' ? 'deadline.wasDue' : 'deadline.due', c.dueAt);
  const label =
    c.kind === 'overdue'
      ? v.t('deadline.overdue', { time: countdown(c.overdueMs) })
      : c.kind === 'paused'
        ? whenText(v, 'deadline.pausedUntil', c.resumesAt)
        : c.pausesBeforeDue
          ? due
          : v.t('deadline.left', { time: countdown(c.leftMs) });
  const dueInLabel = c.kind === 'running' && c.pausesBeforeDue;
  return { countdown: c, label, due, dueInLabel, hover: v.t('deadline.hover', { protocol: builtInName(v.locale, d.protocol), stage: builtInName(v.locale, d.stage), when: dueInLabel ? due : `${label} · ${due}` }) };
}
