'use client';
import type { MessageKey } from '@/i18n/messages';
import { useT } from '../i18n';
import type { InboxView } from './inbox';

const tabs = ['mine', 'unassigned', 'all'] as const;
const statuses = ['open', 'snoozed', 'closed'] as const;

export function FilterBar({ view, onChange }: { view: InboxView; onChange(view: Partial<InboxView>): void }) {
  const t = useT();
  return (
    <div className="space-y-2 border-b border-slate-200 p-3">
      <div role="tablist" aria-label={t('inbox.tabs')} className="flex gap-1">
        {tabs.map((tab) => (
          <button
            key={tab}
            role="tab"
            type="button"
            aria-selected={view.tab === tab}
            onClick={() => onChange({ tab })}
            className={`rounded px-3 py-1 text-sm ${view.tab === tab ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {t(`inbox.tab.${tab}` as MessageKey)}
          </button>
        ))}
      </div>
      <div className="flex items-center justify-between gap-2">
      <div role="radiogroup" aria-label={t('inbox.status')} className="flex gap-1 text-xs">
        {statuses.map((status) => (
          <button
            key={status}
            type="button"
            role="radio"
            aria-checked={view.status === status}
            onClick={() => onChange({ status })}
            className={`rounded-full border px-2.5 py-0.5 ${view.status === status ? 'border-indigo-600 bg-indigo-50 text-indigo-700' : 'border-slate-300 text-slate-600 hover:bg-slate-50'}`}
          >
            {t(`inbox.status.${status}` as MessageKey)}
          </button>
        ))}
      </div>
      <select
        aria-label={t('sort.label')}
        value={view.sort}
        onChange={(e) => onChange({ sort: e.target.value === 'newest' ? 'newest' : 'urgent' })}
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700"
      >
        <option value="urgent">{t('sort.urgent')}</option>
        <option value="newest">{t('sort.newest')}</option>
      </select>
      </div>
    </div>
  );
}
