'use client';
import type { MessageKey } from '@/i18n/messages';
import { urgencyOf, type Urgency } from '@/server/protocols/deadline';
import type { DeadlineView } from '@/server/protocols/view';
import { useT } from '../i18n';
import { useNow } from '../ui/clock';
import { countdown } from '../ui/time';

const tone: Record<Urgency, string> = {
  on_track: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  soon: 'bg-amber-50 text-amber-800 ring-amber-300',
  overdue: 'bg-red-50 text-red-700 ring-red-300',
  paused: 'bg-slate-100 text-slate-600 ring-slate-300',
};

/** A live countdown to a protocol deadline: amber in its last 25 %, red when overdue, paused at night. */
export function DeadlineChip({ deadline: d, withName = false }: { deadline: DeadlineView; withName?: boolean }) {
  const t = useT();
  const now = useNow();
  const done = d.status === 'met' || d.status === 'met_late' || d.status === 'cancelled';
  if (done) {
    return (
      <span data-testid="deadline-chip" data-urgency="done" className="inline-flex items-center gap-1 rounded-full bg-slate-50 px-2 py-0.5 text-[11px] text-slate-500 ring-1 ring-slate-200">
        {withName && <span className="font-medium">{d.stage}</span>}
        {t(`deadline.${d.status}` as MessageKey)}
      </span>
    );
  }
  const { urgency, leftMs } = urgencyOf({
    now: new Date(now),
    startedAt: new Date(d.startedAt),
    due: new Date(d.dueAt),
    clock: d.clock,
    zone: d.zone,
    quiet: d.quietHours,
  });
  const text =
    urgency === 'overdue'
      ? t('deadline.overdue', { time: countdown(-leftMs) })
      : urgency === 'paused'
        ? t('deadline.paused', { time: countdown(leftMs) })
        : t('deadline.left', { time: countdown(leftMs) });
  return (
    <span
      data-testid="deadline-chip"
      data-urgency={urgency}
      title={t('deadline.label', { protocol: d.protocol, stage: d.stage })}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-[11px] tabular-nums ring-1 ${tone[urgency]}`}
    >
      {withName && <span className="font-medium">{d.stage}</span>}
      {text}
      {d.enforcement === 'recommended' && <span className="opacity-70">· {t('deadline.recommended')}</span>}
    </span>
  );
}
