'use client';
import { useEffect, useRef } from 'react';
import { useLocale, useT } from '../i18n';
import { localTime } from '../ui/time';

type Props = {
  contactName: string;
  zone: string;
  localTime: string;
  sendAt: string;
  onSchedule(): void;
  onSendNow(): void;
  onCancel(): void;
};

/** Asks before a send would reach the contact at night (SPEC §3): later, their morning, or now. */
export function QuietHoursPrompt(p: Props) {
  const t = useT();
  const locale = useLocale();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const start = localTime(p.sendAt, p.zone, locale);
  return (
    <div
      role="alertdialog"
      aria-labelledby="quiet-title"
      onKeyDown={(e) => e.key === 'Escape' && p.onCancel()}
      className="mb-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm"
    >
      <p id="quiet-title" className="font-medium text-amber-900">
        {t('quiet.title', { name: p.contactName, time: p.localTime, zone: p.zone })}
      </p>
      <p className="mt-0.5 text-amber-800">{t('quiet.body', { start })}</p>
      <div className="mt-2 flex gap-2">
        <button ref={first} type="button" onClick={p.onSchedule} className="rounded bg-amber-700 px-3 py-1 text-amber-50 hover:bg-amber-800">
          {t('quiet.schedule', { start })}
        </button>
        <button type="button" onClick={p.onSendNow} className="rounded border border-amber-400 px-3 py-1 text-amber-900 hover:bg-amber-100">
          {t('quiet.sendNow')}
        </button>
        <button type="button" onClick={p.onCancel} className="px-3 py-1 text-amber-900 hover:underline">
          {t('quiet.cancel')}
        </button>
      </div>
    </div>
  );
}
