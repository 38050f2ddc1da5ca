'use client';
import { useState } from 'react';
import { renderTemplate } from '@/server/templates/render';
import { useT } from '../i18n';
import { useConversationTemplates } from './use-templates';

type Props = {
  conversationId: string;
  pending: boolean;
  onSend(templateId: string, params: Record<string, string>): void;
  onClose?(): void;
};

/** Lists the templates of this conversation; the chosen one is previewed filled, with inputs for what is missing. */
export function TemplatePicker({ conversationId, pending, onSend, onClose }: Props) {
  const t = useT();
  const { all, values: known, loaded } = useConversationTemplates(conversationId);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [params, setParams] = useState<Record<string, string>>({});
  const chosen = all.find((x) => x.id === chosenId) ?? null;
  const preview = chosen ? renderTemplate(chosen.body, { ...known, ...params }) : null;
  const asked = chosen ? chosen.placeholders.filter((p) => !known[p]) : [];

  if (!chosen) {
    return (
      <div className="space-y-1" data-testid="template-picker">
        <div className="flex items-center justify-between">
          <p className="text-xs font-medium text-slate-600">{t('composer.templatesHint')}</p>
          {onClose && (
            <button type="button" onClick={onClose} className="text-xs text-slate-500 hover:underline">
              {t('composer.back')}
            </button>
          )}
        </div>
        {loaded && all.length === 0 && <p className="text-sm text-slate-500">{t('composer.noTemplates')}</p>}
        {/* Focusable as a whole: when every template is greyed out, a keyboard can still scroll through them. */}
        <ul tabIndex={0} aria-label={t('composer.templatesHint')} className="max-h-32 space-y-1 overflow-y-auto focus:outline-none md:max-h-48 focus-visible:ring-2 focus-visible:ring-indigo-400">
          {all.map((tpl) => (
            <li key={tpl.id}>
              <button
                type="button"
                disabled={!tpl.sendable}
                onClick={() => {
                  setChosenId(tpl.id);
                  setParams({});
                }}
                className="w-full rounded border border-slate-200 px-3 py-1.5 text-left text-sm hover:border-indigo-300 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50"
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="font-medium">{tpl.name}</span>
                  <span className="text-[11px] uppercase text-slate-500">
                    {tpl.language}
                    {tpl.whatsappCategory && ` · ${t(`composer.category.${tpl.whatsappCategory}`)}`}
                    {tpl.whatsappStatus && tpl.whatsappStatus !== 'approved' && ` · ${t('composer.notApproved')}`}
                  </span>
                </span>
                <span className="block truncate text-xs text-slate-600">{tpl.body}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <form
      className="space-y-2"
      data-testid="template-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (preview && preview.missing.length === 0) onSend(chosen.id, params);
      }}
    >
      <div className="flex items-center justify-between">
        <p className="text-sm font-medium">{chosen.name}</p>
        <button type="button" onClick={() => setChosenId(null)} className="text-xs text-slate-500 hover:underline">
          {t('composer.back')}
        </button>
      </div>
      {asked.map((name) => (
        <label key={name} className="block text-xs">
          <span className="text-slate-600">{t('composer.param', { name: `{{${name}}}` })}</span>
          <input
            value={params[name] ?? ''}
            onChange={(e) => setParams({ ...params, [name]: e.target.value })}
            className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
      ))}
      <p role="note" aria-label={t('composer.preview')} data-testid="template-preview" className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-sm ring-1 ring-slate-200">
        {preview?.text}
      </p>
      <WhatsAppPricing template={chosen} />
      <button
        type="submit"
        disabled={pending || !preview || preview.missing.length > 0}
        className="rounded bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        {t('composer.sendTemplate')}
      </button>
    </form>
  );
}

/**
 * SPEC §13: before a WhatsApp template goes out, its category and the rule that prices it
 * (marketing and authentication always charged; utility only outside the 24 h window). Not a
 * price: prices vary by country and change.
 */
function WhatsAppPricing({ template }: { template: { whatsappCategory: 'marketing' | 'utility' | 'authentication' | null; billed: boolean } }) {
  const t = useT();
  const { whatsappCategory: category, billed } = template;
  if (!category && !billed) return null;
  const rule = !category ? 'composer.pricing.uncategorised' : category === 'utility' ? (billed ? 'composer.pricing.utilityOutside' : 'composer.pricing.utilityInside') : 'composer.pricing.always';
  return (
    <p className={`text-xs ${billed ? 'text-amber-700' : 'text-slate-600'}`} data-testid="template-pricing">
      {category && <span className="font-medium">{t(`composer.category.${category}`)}: </span>}
      {t(rule)}
    </p>
  );
}
