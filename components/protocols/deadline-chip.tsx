'use client';
import type { MessageKey } from '@/i18n/messages';
import type { DeadlineView } from '@/server/protocols/view';
import { useLocale, useT } from '../i18n';
import { useNow } from '../ui/clock';
import { useViewerZone } from '../ui/viewer-zone';
import { builtInName } from './built-in-names';
import { deadlineText } from './deadline-text';

const tone = {
  on_track: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  soon: 'bg-amber-50 text-amber-800 ring-amber-300',
  overdue: 'bg-red-50 text-red-700 ring-red-300',
  paused: 'bg-slate-100 text-slate-600 ring-slate-300',
} as const;

/**
 * A live countdown to a protocol deadline: amber in its last 25 %, red when overdue, paused at
 * night with its resume time. The due instant in the agent's zone is on hover (and for screen
 * readers); `withDue` also writes it out, as the thread's deadlines bar does.
 */
export function DeadlineChip({ deadline: d, withName = false, withDue = false }: { deadline: DeadlineView; withName?: boolean; withDue?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const zone = useViewerZone();
  const now = useNow();
  const stage = builtInName(locale, d.stage);
  const done = d.status === 'met' || d.status === 'met_late' || d.status === 'cancelled';
  if (done) {
    return (
      <span data-testid="deadline-chip" data-urgency="done" className="inline-flex items-center gap-1 whitespace-nowrap rounded-full bg-slate-50 px-2 py-0.5 text-[11px] text-slate-500 ring-1 ring-slate-200">
        {withName && <span className="font-medium">{stage}</span>}
        {t(`deadline.${d.status}` as MessageKey)}
      </span>
    );
  }
  const text = deadlineText({ t, locale, zone, now: new Date(now) }, d);
  const c = text.countdown;
  const urgency = c.kind === 'running' ? c.urgency : c.kind;
  return (
    <span
      data-testid="deadline-chip"
      data-urgency={urgency}
      data-due-at={d.dueAt}
      title={text.hover}
      // Written out in full (the thread's bar) a chip may wrap between its parts rather than widen a phone's screen.
      className={`inline-flex max-w-full items-center gap-x-1 px-2 py-0.5 text-[11px] tabular-nums ring-1 ${withDue ? 'flex-wrap rounded-lg' : 'whitespace-nowrap rounded-full'} ${tone[urgency]}`}
    >
      {withName && <span className="whitespace-nowrap font-medium">{stage}</span>}
      <span className="whitespace-nowrap">{text.label}</span>
      {!text.dueInLabel &&
        (withDue ? (
          <span data-testid="deadline-due" className="whitespace-nowrap">
            · {text.due}
          </span>
        ) : (
          <span className="sr-only">· {text.due}</span>
        ))}
      {d.enforcement === 'recommended' && <span className="whitespace-nowrap">· {t('deadline.recommended')}</span>}
    </span>
  );
}
