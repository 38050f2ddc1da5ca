'use client';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n';
import type { ConversationTemplate } from './use-templates';

/** The `/` picker: type to search, arrows to move, Enter to insert, Escape to close. */
export function TemplateSearch({ templates, onPick, onClose }: { templates: ConversationTemplate[]; onPick(t: ConversationTemplate): void; onClose(): void }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const needle = query.trim().toLowerCase();
  const matches = templates.filter((x) => x.sendable && (!needle || `${x.name} ${x.body}`.toLowerCase().includes(needle))).slice(0, 8);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(matches.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' && matches[active]) onPick(matches[active]);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  }

  return (
    <div className="rounded border border-slate-300 bg-white shadow-sm" data-testid="template-search">
      <input
        ref={input}
        role="combobox"
        aria-expanded="true"
        aria-controls="template-search-list"
        aria-activedescendant={matches[active] ? `tpl-${matches[active].id}` : undefined}
        aria-label={t('composer.searchTemplates')}
        placeholder={t('composer.searchTemplates')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        className="w-full border-b border-slate-200 px-3 py-1.5 text-sm focus:outline-none"
      />
      {matches.length === 0 && <p className="px-3 py-2 text-sm text-slate-500">{t('composer.noTemplates')}</p>}
      {/* In the tab order so a keyboard can scroll it too (the arrows in the field move the choice). */}
      <ul id="template-search-list" role="listbox" tabIndex={0} aria-label={t('composer.searchTemplates')} className="max-h-56 overflow-y-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400">
        {matches.map((x, i) => (
          <li
            key={x.id}
            id={`tpl-${x.id}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(x);
            }}
            className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-indigo-50' : ''}`}
          >
            <span className="font-medium">{x.name}</span>
            <span className="ml-2 text-[11px] uppercase text-slate-500">{x.language}{x.personal ? ` · ${t('templates.personal')}` : ''}</span>
            <span className="block truncate text-xs text-slate-600">{x.body}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
