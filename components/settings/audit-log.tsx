'use client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { dictionaries, type MessageKey } from '@/i18n/messages';
import type { ApiAuditEntry } from '@/server/audit/schemas';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';

type Filters = { action: string; actorId: string; targetType: string; from: string; to: string };
const none: Filters = { action: '', actorId: '', targetType: '', from: '', to: '' };

/** A day picked in the browser, as the instant its local midnight is; `to` means through the end of that day. */
const dayStart = (day: string, next = false) => {
  const d = new Date(`${day}T00:00`);
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
};

/** Settings → Audit log (SPEC §15): newest first, filtered, a page at a time. */
export function AuditLog() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(none);
  const vocabulary = useQuery(trpc.audit.vocabulary.queryOptions());
  const directory = useQuery(trpc.conversations.directory.queryOptions());
  const query = {
    action: filters.action || undefined,
    actorId: filters.actorId || undefined,
    targetType: filters.targetType || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayStart(filters.to, true) : undefined,
  };
  const list = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ ...query, limit: 50 }, { getNextPageParam: (p) => p.nextCursor }));
  const entries = list.data?.pages.flatMap((p) => p.data) ?? [];
  const actionLabel = (action: string) => {
    const key = `audit.action.${action}`;
    return key in dictionaries.es ? t(key as MessageKey) : action;
  };
  const select = (field: 'action' | 'actorId' | 'targetType', label: string, options: { value: string; label: string }[]) => (
    <label className="flex flex-col gap-1 text-xs text-slate-600">
      {label}
      <select value={filters[field]} onChange={(e) => setFilters({ ...filters, [field]: e.target.value })} className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900">
        <option value="">{t('audit.filter.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const day = (field: 'from' | 'to', label: string) => (
    <label className="flex flex-col gap-1 text-xs text-slate-600">
      {label}
      <input type="date" value={filters[field]} onChange={(e) => setFilters({ ...filters, [field]: e.target.value })} className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900" />
    </label>
  );

  return (
    <section className="mx-auto max-w-5xl space-y-4 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('audit.title')}</h1>
      <p className="text-sm text-slate-600">{t('audit.intro')}</p>
      <div className="flex flex-wrap items-end gap-3">
        {select('action', t('audit.filter.action'), (vocabulary.data?.actions ?? []).map((a) => ({ value: a, label: actionLabel(a) })))}
        {select('actorId', t('audit.filter.actor'), (directory.data?.users ?? []).map((u) => ({ value: u.id, label: u.name })))}
        {select('targetType', t('audit.filter.target'), (vocabulary.data?.targetTypes ?? []).map((v) => ({ value: v, label: v })))}
        {day('from', t('audit.filter.from'))}
        {day('to', t('audit.filter.to'))}
      </div>
      {list.error && <p role="alert" className="text-sm text-red-700">{errorText(t, list.error)}</p>}
      {list.isSuccess && entries.length === 0 && <p className="text-sm text-slate-500">{t('audit.empty')}</p>}
      {entries.length > 0 && (
        // On a phone the log scrolls inside its box, not the page; a keyboard reaches it to scroll it.
        <div role="region" aria-label={t('audit.title')} tabIndex={0} className="overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400">
        <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th className="px-2 py-1.5">{t('audit.col.when')}</th>
              <th className="px-2 py-1.5">{t('audit.col.who')}</th>
              <th className="px-2 py-1.5">{t('audit.col.action')}</th>
              <th className="px-2 py-1.5">{t('audit.col.target')}</th>
              <th className="px-2 py-1.5">{t('audit.col.change')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" className="align-top">
                <td className="whitespace-nowrap px-2 py-1.5 tabular-nums">{timeOfDay(e.at, locale)}</td>
                <td className="px-2 py-1.5">{e.actor?.name ?? t('audit.system')}</td>
                <td className="px-2 py-1.5">{actionLabel(e.action)}</td>
                <td className="px-2 py-1.5 text-xs text-slate-600">
                  {e.targetType}
                  {e.targetId && <span className="block font-mono">{e.targetId}</span>}
                </td>
                <td className="px-2 py-1.5">
                  <Change entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} className="rounded px-3 py-1 text-sm text-indigo-700 hover:bg-indigo-50">
          {t('audit.loadMore')}
        </button>
      )}
    </section>
  );
}

/** Before → after, field by field. */
function Change({ entry }: { entry: ApiAuditEntry }) {
  const fields = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  return (
    <dl className="space-y-0.5 font-mono text-xs">
      {fields.map((f) => (
        <div key={f}>
          <dt className="inline text-slate-500">{f}: </dt>
          <dd className="inline break-all">
            {entry.before && <span className="text-red-700 line-through">{show(entry.before[f])}</span>}
            {entry.before && entry.after && ' → '}
            {entry.after && <span className="text-emerald-800">{show(entry.after[f])}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
