'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CHANNEL_KINDS, TEMPLATE_STAGES, WHATSAPP_APPROVALS, WHATSAPP_CATEGORIES } from '@/db/schema/values';
import type { MessageKey } from '@/i18n/messages';
import type { SaveTemplateInput } from '@/server/templates/schemas';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

const STAGES = TEMPLATE_STAGES;
const CHANNELS = CHANNEL_KINDS;
type Draft = Omit<SaveTemplateInput, 'channelKinds' | 'personal' | 'whatsappStatus' | 'whatsappCategory'> & {
  channelKinds: (typeof CHANNELS)[number][];
  personal: boolean;
  whatsappStatus: SaveTemplateInput['whatsappStatus'];
  whatsappCategory: SaveTemplateInput['whatsappCategory'];
};
const empty = (personal: boolean): Draft => ({ name: '', stage: 'general', channelKinds: [], language: 'es', body: '', personal, whatsappStatus: null, whatsappCategory: null });

/** Managers create, edit and archive shared templates; everyone keeps personal ones. */
export function TemplatesManager({ canManageShared }: { canManageShared: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.templates.list.queryOptions({ archived: false }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [stageFilter, setStageFilter] = useState<string>('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
  const save = useMutation(trpc.templates.save.mutationOptions({ onSuccess: () => { setDraft(null); void refresh(); } }));
  const archive = useMutation(trpc.templates.archive.mutationOptions({ onSuccess: () => void refresh() }));
  const rows = (list.data ?? []).filter((x) => !stageFilter || x.stage === stageFilter);

  return (
    <section className="mx-auto max-w-5xl space-y-4 p-3 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold">{t('templates.title')}</h1>
        <div className="flex flex-wrap items-center gap-2">
          <select aria-label={t('templates.stage')} value={stageFilter} onChange={(e) => setStageFilter(e.target.value)} className="rounded border border-slate-300 px-2 py-1 text-sm">
            <option value="">{t('templates.allStages')}</option>
            {STAGES.map((s) => <option key={s} value={s}>{t(`templates.stage.${s}` as MessageKey)}</option>)}
          </select>
          <button type="button" onClick={() => setDraft(empty(!canManageShared))} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white">
            {t('templates.new')}
          </button>
        </div>
      </div>
      <p className="text-sm text-slate-600">{t('templates.intro')}</p>
      {draft && (
        <form
          aria-label={t('templates.new')}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft);
          }}
          className="space-y-2 rounded border border-indigo-200 bg-white p-4 text-sm"
        >
          <div className="flex flex-wrap gap-3">
            <label className="flex flex-col"><span className="text-xs text-slate-600">{t('templates.name')}</span>
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} className="rounded border border-slate-300 px-2 py-1" /></label>
            <label className="flex flex-col"><span className="text-xs text-slate-600">{t('templates.stage')}</span>
              <select value={draft.stage} onChange={(e) => setDraft({ ...draft, stage: e.target.value as Draft['stage'] })} className="rounded border border-slate-300 px-2 py-1">
                {STAGES.map((s) => <option key={s} value={s}>{t(`templates.stage.${s}` as MessageKey)}</option>)}
              </select></label>
            <label className="flex flex-col"><span className="text-xs text-slate-600">{t('templates.language')}</span>
              <select value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value })} className="rounded border border-slate-300 px-2 py-1">
                <option value="es">es</option><option value="en">en</option>
              </select></label>
            {canManageShared && (
              <label className="flex items-center gap-1 self-end"><input type="checkbox" checked={draft.personal} onChange={(e) => setDraft({ ...draft, personal: e.target.checked })} />{t('templates.personal')}</label>
            )}
          </div>
          <fieldset className="flex flex-wrap gap-2"><legend className="text-xs text-slate-600">{t('templates.channels')}</legend>
            {CHANNELS.map((c) => (
              <label key={c} className="flex items-center gap-1 text-xs">
                <input type="checkbox" checked={draft.channelKinds.includes(c)} onChange={(e) => setDraft({ ...draft, channelKinds: e.target.checked ? [...draft.channelKinds, c] : draft.channelKinds.filter((x) => x !== c) })} />
                {t(`channel.${c}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <label className="block"><span className="text-xs text-slate-600">{t('templates.body')}</span>
            <textarea value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} rows={3} className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1" /></label>
          <p className="text-xs text-slate-500">{t('templates.bodyHint')}</p>
          {canManageShared && draft.channelKinds.includes('whatsapp') && (
            <div className="flex gap-3">
              <label className="flex flex-col"><span className="text-xs text-slate-600">{t('templates.whatsappStatus')}</span>
                <select value={draft.whatsappStatus ?? ''} onChange={(e) => setDraft({ ...draft, whatsappStatus: (e.target.value || null) as Draft['whatsappStatus'] })} className="rounded border border-slate-300 px-2 py-1">
                  <option value="">{t('templates.none')}</option>{WHATSAPP_APPROVALS.map((x) => <option key={x} value={x}>{t(`templates.whatsappStatus.${x}`)}</option>)}
                </select></label>
              <label className="flex flex-col"><span className="text-xs text-slate-600">{t('templates.whatsappCategory')}</span>
                <select value={draft.whatsappCategory ?? ''} onChange={(e) => setDraft({ ...draft, whatsappCategory: (e.target.value || null) as Draft['whatsappCategory'] })} className="rounded border border-slate-300 px-2 py-1">
                  <option value="">{t('templates.none')}</option>{WHATSAPP_CATEGORIES.map((x) => <option key={x} value={x}>{t(`composer.category.${x}`)}</option>)}
                </select></label>
            </div>
          )}
          <div className="flex items-center gap-2">
            <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50">{t('templates.save')}</button>
            <button type="button" onClick={() => setDraft(null)} className="px-3 py-1 text-slate-600">{t('templates.cancel')}</button>
            {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
          </div>
        </form>
      )}
      <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white" data-testid="templates-list">
        {rows.map((x) => (
          <li key={x.id} className="flex items-start justify-between gap-3 px-3 py-2 text-sm">
            <div className="min-w-0">
              <p>
                <span className="font-medium">{x.name}</span>
                <span className="ml-2 text-[11px] uppercase text-slate-500">
                  {t(`templates.stage.${x.stage}` as MessageKey)} · {x.language} · {x.personal ? t('templates.personal') : t('templates.shared')}
                  {x.whatsappStatus && ` · ${t('templates.whatsappStatusShown', { status: t(`templates.whatsappStatus.${x.whatsappStatus}`) })}`}
                </span>
              </p>
              <p className="truncate text-xs text-slate-600">{x.body}</p>
            </div>
            {x.editable && (
              <div className="flex shrink-0 gap-1">
                <button type="button" onClick={() => setDraft({ templateId: x.id, name: x.name, stage: x.stage, channelKinds: x.channelKinds, language: x.language, body: x.body, personal: x.personal, whatsappStatus: x.whatsappStatus, whatsappCategory: x.whatsappCategory })} className="rounded px-2 py-0.5 text-xs text-indigo-700 hover:bg-indigo-50">{t('templates.edit')}</button>
                <button type="button" onClick={() => archive.mutate({ templateId: x.id })} className="rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100">{t('templates.archive')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
