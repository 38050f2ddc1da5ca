'use client';
import { useT } from '../i18n';
import type { ConversationTemplate } from './use-templates';

/** The two or three messages an experienced colleague would send now, one click away. */
export function Suggestions({ templates, onInsert }: { templates: ConversationTemplate[]; onInsert(t: ConversationTemplate): void }) {
  const t = useT();
  if (templates.length === 0) return null;
  return (
    <div role="group" aria-label={t('composer.suggestions')} data-testid="suggestions" className="flex flex-wrap items-center gap-1.5">
      <span className="text-xs text-slate-500">{t('composer.suggestions')}:</span>
      {templates.map((tpl) => (
        <button
          key={tpl.id}
          type="button"
          data-testid="suggestion"
          title={tpl.body}
          onClick={() => onInsert(tpl)}
          className="max-w-[16rem] truncate rounded-full border border-indigo-200 bg-indigo-50 px-2.5 py-0.5 text-xs text-indigo-800 hover:bg-indigo-100"
        >
          {tpl.name}
        </button>
      ))}
    </div>
  );
}
