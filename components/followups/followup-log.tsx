'use client';
import type { MessageKey } from '@/i18n/messages';
import type { FollowupLogView } from '@/server/followups/schemas';
import { useLocale, useT } from '../i18n';
import { timeOfDay } from '../ui/time';
import { SWATCH } from './look';

const TONE: Record<FollowupLogView['status'], string> = {
  scheduled: 'text-indigo-700',
  waiting: 'text-amber-700',
  sent: 'text-emerald-700',
  skipped: 'text-slate-500',
  cancelled: 'text-slate-500',
};

/** Log entries of follow-ups: what happened, why, and when it was due (SPEC §7). */
export function FollowupLog({ entries, showName, testId }: { entries: FollowupLogView[]; showName: boolean; testId: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="space-y-1" data-testid={testId}>
      {entries.map((e) => (
        <li key={e.id} className="text-xs" data-status={e.status} data-reason={e.reason}>
          <span className={`mr-1 inline-block h-2 w-2 rounded-full align-middle ${SWATCH[e.color]}`} />
          {showName && <span className="font-medium">{e.name} · </span>}
          <span className={`font-medium ${TONE[e.status]}`}>{t(`followups.status.${e.status}`)}</span>
          <span className="text-slate-600"> — {t(`followups.reason.${e.reason}` as MessageKey)}</span>
          <div className="text-slate-500">
            {timeOfDay(e.at, locale)} · {t('followups.due', { time: timeOfDay(e.dueAt, locale) })}
          </div>
        </li>
      ))}
    </ol>
  );
}
