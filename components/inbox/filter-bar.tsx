'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CHANNEL_KINDS } from '@/db/schema/values';
import type { MessageKey } from '@/i18n/messages';
import { InboxSortSchema } from '@/server/conversations/schemas';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import type { InboxView, InboxViewPatch } from './view';

const tabs = ['mine', 'unassigned', 'all'] as const;
const statuses = ['open', 'snoozed', 'closed'] as const;
const deadlines = ['overdue', 'due_1h', 'on_track', 'none'] as const;
const select = 'min-w-0 rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-700';

export function FilterBar({ view, onChange }: { view: InboxView; onChange(patch: InboxViewPatch): void }) {
  const t = useT();
  const trpc = useTRPC();
  const directory = useQuery(trpc.conversations.directory.queryOptions());
  const labels = useQuery(trpc.conversations.labels.queryOptions());
  const campaigns = useQuery(trpc.conversations.campaigns.queryOptions());
  const unread = useQuery(trpc.conversations.unreadCount.queryOptions());
  const [q, setQ] = useState(view.q ?? '');
  const search = useRef<HTMLInputElement>(null);

  // The search box writes to the URL a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((view.q ?? '') !== q) onChange({ q: q || null });
    }, 250);
    return () => clearTimeout(timer);
  }, [q, view.q, onChange]);

  // `/` anywhere outside a text field focuses the search.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.key !== '/' || (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)))) return;
      e.preventDefault();
      search.current?.focus();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const filtered = Boolean(view.unread || view.channel || view.assignee || view.team || view.label || view.deadline || view.campaign || view.q);
  return (
    <div className="space-y-2 border-b border-slate-200 p-3">
      <div className="flex items-center justify-between gap-2">
        <div role="tablist" aria-label={t('inbox.tabs')} className="flex gap-1">
          {tabs.map((tab) => (
            <button key={tab} role="tab" type="button" aria-selected={view.tab === tab} onClick={() => onChange({ tab })}
              className={`rounded px-3 py-1 text-sm ${view.tab === tab ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}>
              {t(`inbox.tab.${tab}` as MessageKey)}
            </button>
          ))}
        </div>
        {unread.data !== undefined && unread.data > 0 && (
          <span data-testid="unread-count" className="rounded-full bg-blue-600 px-2 py-0.5 text-[11px] font-medium text-white">
            {t('inbox.unreadCount', { n: unread.data })}
          </span>
        )}
      </div>
      <input
        ref={search}
        type="search"
        aria-label={t('filters.search')}
        placeholder={t('filters.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && (e.currentTarget.blur(), setQ(''))}
        className="w-full rounded border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
      />
      <div className="flex items-center justify-between gap-2">
        <div role="radiogroup" aria-label={t('inbox.status')} className="flex gap-1 text-xs">
          {statuses.map((status) => (
            <button key={status} type="button" role="radio" aria-checked={view.status === status} onClick={() => onChange({ status })}
              className={`rounded-full border px-2.5 py-0.5 ${view.status === status ? 'border-indigo-600 bg-indigo-50 text-indigo-700' : 'border-slate-300 text-slate-600 hover:bg-slate-50'}`}>
              {t(`inbox.status.${status}` as MessageKey)}
            </button>
          ))}
        </div>
        <select aria-label={t('sort.label')} value={view.sort} onChange={(e) => onChange({ sort: InboxSortSchema.catch('urgent').parse(e.target.value) })} className={select}>
          {InboxSortSchema.options.map((sort) => (
            <option key={sort} value={sort}>{t(`sort.${sort}`)}</option>
          ))}
        </select>
      </div>
      <div role="group" aria-label={t('filters.label')} className="grid grid-cols-3 gap-1">
        <label className="flex items-center gap-1 text-xs text-slate-700">
          <input type="checkbox" checked={view.unread === '1'} onChange={(e) => onChange({ unread: e.target.checked ? '1' : null })} />
          {t('filters.unread')}
        </label>
        <select aria-label={t('filters.channel')} value={view.channel ?? ''} onChange={(e) => onChange({ channel: (e.target.value || null) as InboxView['channel'] | null })} className={select}>
          <option value="">{t('filters.channel')}</option>
          {CHANNEL_KINDS.map((c) => <option key={c} value={c}>{t(`channel.${c}` as MessageKey)}</option>)}
        </select>
        <select aria-label={t('filters.deadline')} value={view.deadline ?? ''} onChange={(e) => onChange({ deadline: (e.target.value || null) as InboxView['deadline'] | null })} className={select}>
          <option value="">{t('filters.deadline')}</option>
          {deadlines.map((d) => <option key={d} value={d}>{t(`filters.deadline.${d}` as MessageKey)}</option>)}
        </select>
        <select aria-label={t('filters.assignee')} value={view.assignee ?? ''} onChange={(e) => onChange({ assignee: e.target.value || null })} className={select}>
          <option value="">{t('filters.assignee')}</option>
          <option value="none">{t('filters.none')}</option>
          {directory.data?.users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
        <select aria-label={t('filters.team')} value={view.team ?? ''} onChange={(e) => onChange({ team: e.target.value || null })} className={select}>
          <option value="">{t('filters.team')}</option>
          {directory.data?.teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
        </select>
        <select aria-label={t('filters.labelFilter')} value={view.label ?? ''} onChange={(e) => onChange({ label: e.target.value || null })} className={select}>
          <option value="">{t('filters.labelFilter')}</option>
          {labels.data?.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
        {/* Only once replies have been attributed to a campaign or flow: an empty choice is noise. */}
        {(view.campaign || (campaigns.data?.length ?? 0) > 0) && (
          <select aria-label={t('filters.campaign')} value={view.campaign ?? ''} onChange={(e) => onChange({ campaign: e.target.value || null })} className={`${select} col-span-3`}>
            <option value="">{t('filters.campaign')}</option>
            {view.campaign && !campaigns.data?.includes(view.campaign) && <option value={view.campaign}>{view.campaign}</option>}
            {campaigns.data?.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        )}
      </div>
      {filtered && (
        <button type="button" onClick={() => { setQ(''); onChange({ unread: null, channel: null, assignee: null, team: null, label: null, deadline: null, campaign: null, q: null }); }} className="text-xs text-indigo-700 hover:underline">
          {t('filters.clear')}
        </button>
      )}
    </div>
  );
}
