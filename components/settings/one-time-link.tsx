'use client';
import { useState } from 'react';
import type { EmailDelivery } from '@/server/users/schemas';
import { useLocale, useT } from '../i18n';
import { timeOfDay } from '../ui/time';

/** A single-use link just made: shown this once to copy (only its hash is kept), with whether it also went by email. */
export function OneTimeLink({ label, url, expiresAt, emailDelivery }: { label: (date: string) => string; url: string; expiresAt: string; emailDelivery: EmailDelivery }) {
  const t = useT();
  const locale = useLocale();
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200">
      <p>{label(timeOfDay(expiresAt, locale))}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="one-time-link" className="min-w-0 flex-1 select-all break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-200">
          {url}
        </code>
        <button
          type="button"
          onClick={() => void navigator.clipboard.writeText(url).then(() => setCopied(true))}
          className="rounded bg-emerald-700 px-3 py-1 text-xs font-medium text-emerald-50 hover:bg-emerald-800"
        >
          {copied ? t('people.copied') : t('people.copy')}
        </button>
      </div>
      <p className="text-xs text-slate-600">{t(`people.email.${emailDelivery}`)}</p>
    </div>
  );
}
