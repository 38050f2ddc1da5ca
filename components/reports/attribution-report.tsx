'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';

const PERIODS = [7, 30, 90] as const;
type Period = (typeof PERIODS)[number];

/** SPEC §10: replies, conversations, link clicks, bookings and orders per campaign and flow, for managers. */
export function AttributionReport() {
  // The period is in the URL, like the inbox's views: a report can be bookmarked and shared.
  return (
    <Suspense>
      <Report />
    </Suspense>
  );
}

function Report() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const days: Period = PERIODS.find((p) => String(p) === params.get('days')) ?? 30;
  const report = useQuery(trpc.attribution.report.queryOptions({ days }));
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const percent = (n: number, of: number) => (of === 0 ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / of));
  const money = (total: number, currency: string) => {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(total);
    } catch {
      // An integration may send a currency Intl does not know: show the amount and the code.
      return `${number(total)} ${currency}`;
    }
  };
  const cell = 'px-3 py-2 text-right tabular-nums';
  const head = 'px-3 py-2 text-right font-medium';

  return (
    <div className="mx-auto w-full max-w-6xl space-y-4 p-3 sm:p-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-lg font-semibold">{t('reports.title')}</h1>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          {t('reports.period')}
          <select
            value={days}
            onChange={(e) => router.replace(`${pathname}?days=${e.target.value}`, { scroll: false })}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {PERIODS.map((p) => <option key={p} value={p}>{t('reports.days', { n: p })}</option>)}
          </select>
        </label>
      </div>
      {report.data && <p className="max-w-3xl text-xs text-slate-600">{t('reports.explain', { days: report.data.followUpDays })}</p>}
      {report.data && report.data.rows.length === 0 && <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t('reports.empty')}</p>}
      {report.data && report.data.rows.length > 0 && (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="attribution-report">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">{t('reports.col.name')}</th>
                <th scope="col" className={head}>{t('reports.col.sends')}</th>
                <th scope="col" className={head}>{t('reports.col.replies')}</th>
                <th scope="col" className={head}>{t('reports.col.rate')}</th>
                <th scope="col" className={head}>{t('reports.col.conversations')}</th>
                <th scope="col" className={head}>{t('reports.col.clicks')}</th>
                <th scope="col" className={head}>{t('reports.col.bookings')}</th>
                <th scope="col" className={head}>{t('reports.col.orders')}</th>
                <th scope="col" className={head}>{t('reports.col.revenue')}</th>
              </tr>
            </thead>
            <tbody>
              {report.data.rows.map((r) => (
                <tr key={`${r.kind}-${r.name}`} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600">{t(`reports.kind.${r.kind}` as MessageKey)}</span>
                    <Link
                      href={`/inbox?tab=all&status=open&campaign=${encodeURIComponent(r.name)}`}
                      title={t('reports.open')}
                      className="text-indigo-700 hover:underline"
                    >
                      {r.name}
                    </Link>
                  </th>
                  <td className={cell}>{number(r.sends)}</td>
                  <td className={cell}>{number(r.replies)}</td>
                  <td className={cell}>{percent(r.replies, r.sends)}</td>
                  <td className={cell}>{number(r.conversations)}</td>
                  <td className={cell}>{number(r.clicks)}</td>
                  <td className={cell}>{number(r.bookings)}</td>
                  <td className={cell}>{number(r.orders)}</td>
                  <td className={cell}>{r.revenue.length === 0 ? '—' : r.revenue.map((x) => money(x.total, x.currency)).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.data && <WindowSetting hours={report.data.windowHours} />}
    </div>
  );
}

function WindowSetting({ hours }: { hours: number }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(hours));
  const save = useMutation(
    trpc.attribution.setWindow.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.attribution.report.pathKey() }) }),
  );
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ hours: Number(value) });
      }}
    >
      <label className="flex items-center gap-2 text-slate-700">
        {t('reports.window')}
        <input type="number" min={1} max={720} step={1} required value={value} onChange={(e) => setValue(e.target.value)} className="w-20 rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50">{t('reports.window.save')}</button>
      {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('reports.window.saved')}</span>}
      {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
    </form>
  );
}
