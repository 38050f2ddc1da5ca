'use client';
import { z } from 'zod';
import { useLocale, useT } from '../i18n';
import { builtInName } from '../protocols/built-in-names';
import { whenText } from '../protocols/deadline-text';
import { useNow } from '../ui/clock';
import { useViewerZone } from '../ui/viewer-zone';

/** What the server says when a snooze would sleep through a pending required deadline (409 SNOOZE_PAST_DEADLINE). */
export const SnoozePastDeadlineDetails = z.object({ stage: z.string(), dueAt: z.string(), until: z.string() });
export type SnoozePastDeadline = z.infer<typeof SnoozePastDeadlineDetails>;

/** "«Segundo mensaje» vence hoy 18:40. ¿Posponer hasta mañana a las 09:00 de todos modos?" */
export function SnoozePrompt({ ask, onAnyway, onKeep, pending }: { ask: SnoozePastDeadline; onAnyway: () => void; onKeep: () => void; pending: boolean }) {
  const t = useT();
  const locale = useLocale();
  const zone = useViewerZone();
  const viewer = { t, locale, zone, now: new Date(useNow()) };
  return (
    <div role="alertdialog" aria-labelledby="snooze-past-deadline" data-testid="snooze-prompt" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900">
      <p id="snooze-past-deadline">
        {t('snooze.pastDeadline', { stage: builtInName(locale, ask.stage), due: whenText(viewer, 'deadline.due', new Date(ask.dueAt)), until: whenText(viewer, 'snooze.until', new Date(ask.until)) })}
      </p>
      <div className="flex gap-1.5">
        <button type="button" autoFocus onClick={onKeep} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-slate-700 hover:bg-slate-50">
          {t('snooze.keep')}
        </button>
        <button type="button" onClick={onAnyway} disabled={pending} className="rounded bg-amber-700 px-2 py-0.5 text-amber-50 hover:bg-amber-800 disabled:opacity-50">
          {t('snooze.anyway')}
        </button>
      </div>
    </div>
  );
}
