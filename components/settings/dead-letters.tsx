'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';

/** Webhook messages no retry could store, as they arrived (admins only). */
export function DeadLetters() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const letters = useQuery(trpc.deadLetters.list.queryOptions());

  return (
    <section className="mx-auto max-w-3xl space-y-4 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('deadLetters.title')}</h1>
      <p className="text-sm text-slate-600">{t('deadLetters.intro')}</p>
      {letters.data?.length === 0 && <p className="text-sm text-slate-500">{t('deadLetters.empty')}</p>}
      <ul className="space-y-3">
        {letters.data?.map((letter) => (
          <li key={letter.id} data-testid="dead-letter" className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
            <p className="text-xs text-slate-500">
              {letter.channel.name} ({letter.channel.kind}) · {timeOfDay(letter.createdAt, locale)}
            </p>
            <ul className="space-y-1">
              {letter.failures.map((f, i) => (
                <li key={i}>
                  <span className="font-medium break-all">{f.providerMessageId ? t('deadLetters.message', { id: f.providerMessageId }) : t('deadLetters.whole')}</span>
                  <span className="block font-mono text-xs text-red-700 break-all">{f.reason}</span>
                </li>
              ))}
            </ul>
            <details>
              <summary className="cursor-pointer text-xs text-slate-600">{t('deadLetters.payload', { bytes: letter.payloadBytes })}</summary>
              {letter.payloadTruncated && <p className="text-xs text-slate-500">{t('deadLetters.truncated')}</p>}
              <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-all">{letter.payload}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
