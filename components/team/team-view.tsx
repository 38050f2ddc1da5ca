'use client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { useT } from '../i18n';
import { DeadlineChip } from '../protocols/deadline-chip';
import { useTRPC } from '../trpc';
import { BreachList } from './breach-list';

type Column = 'name' | 'open' | 'dueSoon' | 'overdue' | 'b15' | 'b21' | 'b30' | 'level' | 'firstResponse';
type Selection = { agentId: string; name: string; metric: 'open' | 'dueSoon' | 'overdue' | 'breaches' } | null;

function minutes(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** SPEC §5's figures per agent, live and sortable; a number opens the conversations behind it. */
export function TeamView() {
  const t = useT();
  const trpc = useTRPC();
  const overview = useQuery(trpc.team.overview.queryOptions());
  const [sort, setSort] = useState<{ column: Column; desc: boolean }>({ column: 'level', desc: true });
  const [selected, setSelected] = useState<Selection>(null);

  const value = (r: NonNullable<typeof overview.data>[number], c: Column): number | string =>
    c === 'name' ? r.name
      : c === 'b15' ? (r.breaches[0]?.count ?? 0)
      : c === 'b21' ? (r.breaches[1]?.count ?? 0)
      : c === 'b30' ? (r.breaches[2]?.count ?? 0)
      : c === 'firstResponse' ? (r.medianFirstResponseSeconds ?? Number.POSITIVE_INFINITY)
      : r[c];
  const rows = [...(overview.data ?? [])].sort((a, b) => {
    const x = value(a, sort.column);
    const y = value(b, sort.column);
    const cmp = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return sort.desc ? -cmp : cmp;
  });
  const header = (column: Column, label: string) => (
    <th scope="col" aria-sort={sort.column === column ? (sort.desc ? 'descending' : 'ascending') : 'none'} className="px-2 py-1.5 text-left font-medium">
      <button type="button" aria-label={t('team.sortBy', { column: label })} onClick={() => setSort({ column, desc: sort.column === column ? !sort.desc : true })} className="hover:underline">
        {label}
        {sort.column === column ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  const cell = (agentId: string, name: string, metric: NonNullable<Selection>['metric'], n: number, testId: string) => (
    <td className="px-2 py-1.5 tabular-nums">
      <button
        type="button"
        data-testid={testId}
        disabled={n === 0}
        onClick={() => setSelected({ agentId, name, metric })}
        className={`min-w-8 rounded px-1.5 text-left ${n > 0 ? 'text-indigo-700 hover:bg-indigo-50 hover:underline' : 'text-slate-500'}`}
      >
        {n}
      </button>
    </td>
  );

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-2 sm:p-4 lg:flex-row">
      <section className="min-w-0 flex-1 space-y-4">
        <h1 className="text-lg font-semibold">{t('team.title')}</h1>
        {/* A phone scrolls the table, not the page. */}
        <div className="overflow-x-auto">
        <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm" data-testid="team-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
            <tr>
              {header('name', t('team.agent'))}
              {header('open', t('team.open'))}
              {header('dueSoon', t('team.dueSoon'))}
              {header('overdue', t('team.overdue'))}
              {header('b15', t('team.breaches', { days: 15 }))}
              {header('b21', t('team.breaches', { days: 21 }))}
              {header('b30', t('team.breaches', { days: 30 }))}
              {header('level', t('team.level'))}
              {header('firstResponse', t('team.firstResponse'))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.agentId} data-testid="team-row" data-agent={r.name}>
                <th scope="row" className="px-2 py-1.5 text-left font-medium">
                  <span
                    aria-hidden="true"
                    className={`mr-2 inline-block h-2 w-2 rounded-full ${r.availability === 'online' ? 'bg-emerald-500' : r.availability === 'away' ? 'bg-amber-400' : 'bg-slate-400'}`}
                  />
                  {r.name}
                  <span data-testid="team-availability" className="ml-1.5 whitespace-nowrap text-xs font-normal text-slate-600">
                    {t(r.availability === 'online' ? 'team.online' : r.availability === 'away' ? 'team.away' : 'team.offline')}
                  </span>
                </th>
                {cell(r.agentId, r.name, 'open', r.open, 'team-open')}
                {cell(r.agentId, r.name, 'dueSoon', r.dueSoon, 'team-due-soon')}
                {cell(r.agentId, r.name, 'overdue', r.overdue, 'team-overdue')}
                {r.breaches.map((b) => (
                  <td key={b.days} className="px-2 py-1.5 tabular-nums">
                    <button type="button" data-testid={`team-breaches-${b.days}`} disabled={b.count === 0} onClick={() => setSelected({ agentId: r.agentId, name: r.name, metric: 'breaches' })} className={`min-w-8 rounded px-1.5 text-left ${b.count > 0 ? 'text-indigo-700 hover:bg-indigo-50 hover:underline' : 'text-slate-500'}`}>
                      {b.count}
                    </button>
                  </td>
                ))}
                <td className="px-2 py-1.5">
                  <span data-testid="team-level" className={`rounded px-1.5 py-0.5 text-xs font-semibold ${r.level >= 3 ? 'bg-red-600 text-white' : r.level === 2 ? 'bg-red-100 text-red-800' : r.level === 1 ? 'bg-amber-100 text-amber-800' : 'text-slate-500'}`}>
                    {r.level}
                  </span>
                </td>
                <td className="px-2 py-1.5 tabular-nums text-slate-700">{minutes(r.medianFirstResponseSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        <Notices />
      </section>
      <aside className="w-full shrink-0 space-y-2 lg:w-[380px]">
        {selected === null ? (
          <p className="text-sm text-slate-500">{t('team.pick')}</p>
        ) : selected.metric === 'breaches' ? (
          <BreachList agentId={selected.agentId} name={selected.name} />
        ) : (
          <AgentConversations selection={selected} />
        )}
      </aside>
    </div>
  );
}

function AgentConversations({ selection }: { selection: NonNullable<Selection> }) {
  const t = useT();
  const trpc = useTRPC();
  const deadline = selection.metric === 'dueSoon' ? 'due_1h' : selection.metric === 'overdue' ? 'overdue' : undefined;
  const list = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(
      { tab: 'all', status: 'open', assignee: selection.agentId, deadline, sort: 'urgent' },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const metricLabel = t(`team.${selection.metric}` as MessageKey);
  return (
    <div className="space-y-2" data-testid="team-conversations">
      <h2 className="text-sm font-semibold">{t('team.conversationsOf', { metric: metricLabel, name: selection.name })}</h2>
      <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
        {list.data?.pages.flatMap((p) => p.data).map((c) => (
          <li key={c.id}>
            <a href={`/inbox?tab=all&status=open&c=${c.id}`} className="flex items-center justify-between gap-2 px-3 py-2 text-sm hover:bg-slate-50">
              <span className="truncate">{c.contact.name}</span>
              {c.nextDeadline && <DeadlineChip deadline={c.nextDeadline} />}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Notices() {
  const t = useT();
  const trpc = useTRPC();
  const notices = useQuery(trpc.protocols.notices.queryOptions());
  return (
    <section className="space-y-1">
      <h2 className="text-sm font-semibold">{t('team.notices')}</h2>
      {notices.data?.length === 0 && <p className="text-sm text-slate-500">{t('team.noNotices')}</p>}
      <ul className="space-y-1 text-sm" data-testid="team-notices">
        {notices.data?.map((n) => (
          <li key={n.id} className="flex items-center justify-between rounded border border-slate-200 bg-white px-3 py-1.5">
            <span>{t('team.noticeRow', { name: n.agentName, level: n.level, count: n.breachCount, days: n.windowDays })}</span>
            <span className="text-xs text-slate-500">{n.acknowledgedAt ? t('notice.acknowledged') : ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
