'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CHANNEL_KINDS, COLORS, FOLLOWUP_STOP_TRIGGERS, TEMPLATE_STAGES } from '@/db/schema/values';
import type { MessageKey } from '@/i18n/messages';
import { effectiveDelay, whatsappTemplateRequired } from '@/server/followups/policy';
import type { ApiFollowup, CreateFollowupBody } from '@/server/followups/schemas';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { delayParts, SWATCH } from './look';

type Kind = (typeof CHANNEL_KINDS)[number];
type Stop = (typeof FOLLOWUP_STOP_TRIGGERS)[number];
type Draft = Omit<CreateFollowupBody, 'delayMinutes' | 'whatsappTemplateId' | 'message'> & {
  delay: number;
  unit: 'minutes' | 'hours';
  messageKind: 'custom' | 'suggested';
  body: string;
  whatsappTemplateId: string;
};

const blank: Draft = {
  name: '',
  color: 'slate',
  delay: 4,
  unit: 'hours',
  channelKinds: ['whatsapp'],
  conditions: { lastMessageOurs: true, labelIds: [], withoutLabelIds: [], stage: null },
  messageKind: 'custom',
  body: '',
  whatsappTemplateId: '',
  stopOn: ['contact_replied'],
  active: true,
};

function draftOf(f: ApiFollowup): Draft {
  const { value, unit } = delayParts(f.delayMinutes);
  return {
    name: f.name,
    color: f.color,
    delay: value,
    unit,
    channelKinds: f.channelKinds,
    conditions: f.conditions,
    messageKind: f.message.kind,
    body: f.message.kind === 'custom' ? f.message.body : '',
    whatsappTemplateId: f.whatsappTemplateId ?? '',
    stopOn: f.stopOn,
    active: f.active,
  };
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...new Set([...list, item])] : list.filter((x) => x !== item));

/**
 * Creates or edits a follow-up (SPEC §7). Before saving it says what the channels will do with
 * the delay: Instagram and Messenger clamp it to 24 h, WhatsApp needs a template past 24 h.
 */
export function FollowupForm({ editing, onDone }: { editing: ApiFollowup | null; onDone(): void }) {
  const t = useT();
  const trpc = useTRPC();
  const [d, setD] = useState<Draft>(editing ? draftOf(editing) : blank);
  const [touched, setTouched] = useState(false);
  const labels = useQuery(trpc.conversations.labels.queryOptions());
  const templates = useQuery(trpc.templates.list.queryOptions({ archived: false }));
  const whatsappTemplates = (templates.data ?? []).filter((x) => !x.personal && (x.channelKinds.length === 0 || x.channelKinds.includes('whatsapp')));
  const create = useMutation(trpc.followups.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.followups.update.mutationOptions({ onSuccess: onDone }));
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  const requested = Math.round(d.delay * (d.unit === 'hours' ? 60 : 1));
  const effective = effectiveDelay(requested, d.channelKinds);
  const needsTemplate = whatsappTemplateRequired(d.channelKinds, effective.delayMinutes);
  const nameTooLong = d.name.trim().length > 100;
  const noStop = d.stopOn.length === 0;
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const setConditions = (patch: Partial<Draft['conditions']>) => set({ conditions: { ...d.conditions, ...patch } });

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (nameTooLong || noStop || d.channelKinds.length === 0) return;
    const body = {
      name: d.name,
      color: d.color,
      delayMinutes: requested,
      channelKinds: d.channelKinds,
      conditions: d.conditions,
      message: d.messageKind === 'custom' ? { kind: 'custom' as const, body: d.body } : { kind: 'suggested' as const },
      whatsappTemplateId: d.channelKinds.includes('whatsapp') && d.whatsappTemplateId ? d.whatsappTemplateId : null,
      stopOn: d.stopOn,
      active: d.active,
    };
    if (editing) update.mutate({ followupId: editing.id, ...body });
    else create.mutate(body);
  }

  const field = 'rounded border border-slate-300 px-2 py-1 text-sm';
  const legend = 'text-xs font-semibold uppercase text-slate-500';
  return (
    <form aria-label={t(editing ? 'followups.form.edit' : 'followups.form.create')} onSubmit={submit} className="space-y-4 rounded border border-slate-200 bg-white p-4 text-sm" data-testid="followup-form">
      <h2 className="font-semibold">{t(editing ? 'followups.form.edit' : 'followups.form.create')}</h2>
      {editing && <p className="text-xs text-slate-600">{t('followups.form.editHint')}</p>}
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex min-w-64 flex-1 flex-col gap-1">
          <span className="text-xs text-slate-600">{t('followups.form.name')}</span>
          <input required value={d.name} onChange={(e) => set({ name: e.target.value })} className={field} aria-invalid={nameTooLong} />
          <span className={`text-xs ${nameTooLong ? 'text-red-700' : 'text-slate-500'}`}>{t('followups.form.nameHint', { n: d.name.trim().length })}</span>
        </label>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs text-slate-600">{t('followups.form.color')}</legend>
          <div className="flex gap-1.5">
            {COLORS.map((c) => (
              <label key={c} className="cursor-pointer">
                <input type="radio" name="color" value={c} checked={d.color === c} onChange={() => set({ color: c })} className="peer sr-only" aria-label={c} />
                <span className={`block h-5 w-5 rounded-full ${SWATCH[c]} ring-offset-2 peer-checked:ring-2 peer-checked:ring-slate-700 peer-focus-visible:ring-2`} />
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600">{t('followups.form.delay')}</span>
          <input type="number" min={1} required value={d.delay} onChange={(e) => set({ delay: Number(e.target.value) })} className={`${field} w-24`} />
        </label>
        <select aria-label={t('followups.delay')} value={d.unit} onChange={(e) => set({ unit: e.target.value as Draft['unit'] })} className={field}>
          <option value="minutes">{t('followups.form.unit.minutes')}</option>
          <option value="hours">{t('followups.form.unit.hours')}</option>
        </select>
      </div>

      <fieldset className="space-y-1">
        <legend className={legend}>{t('followups.form.channels')}</legend>
        <div className="flex flex-wrap gap-3">
          {CHANNEL_KINDS.map((k: Kind) => (
            <label key={k} className="flex items-center gap-1">
              <input type="checkbox" checked={d.channelKinds.includes(k)} onChange={(e) => set({ channelKinds: toggle(d.channelKinds, k, e.target.checked) })} />
              {t(`channel.${k}` as MessageKey)}
            </label>
          ))}
        </div>
        {effective.requestedDelayMinutes !== null && (
          <p role="note" data-testid="followup-clamp" className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-800">{t('followups.form.clamp')}</p>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className={legend}>{t('followups.form.conditions')}</legend>
        <p className="text-xs text-slate-500">{t('followups.form.openOnly')}</p>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={d.conditions.lastMessageOurs} onChange={(e) => setConditions({ lastMessageOurs: e.target.checked })} />
          {t('followups.form.lastMessageOurs')}
        </label>
        <label className="flex items-center gap-2">
          <span className="text-xs text-slate-600">{t('followups.form.stage')}</span>
          <select value={d.conditions.stage ?? ''} onChange={(e) => setConditions({ stage: (e.target.value || null) as Draft['conditions']['stage'] })} className={field}>
            <option value="">{t('followups.form.anyStage')}</option>
            {TEMPLATE_STAGES.map((s) => <option key={s} value={s}>{t(`templates.stage.${s}` as MessageKey)}</option>)}
          </select>
        </label>
        {(['labelIds', 'withoutLabelIds'] as const).map((which) => (
          <div key={which} className="flex flex-wrap items-center gap-2">
            <span className="text-xs text-slate-600">{t(which === 'labelIds' ? 'followups.form.withLabels' : 'followups.form.withoutLabels')}</span>
            {(labels.data ?? []).length === 0 && <span className="text-xs text-slate-500">{t('followups.form.noLabels')}</span>}
            {(labels.data ?? []).map((l) => (
              <label key={l.id} className="flex items-center gap-1 rounded bg-slate-100 px-1.5 text-xs">
                <input type="checkbox" checked={d.conditions[which].includes(l.id)} onChange={(e) => setConditions({ [which]: toggle(d.conditions[which], l.id, e.target.checked) })} />
                {l.name}
              </label>
            ))}
          </div>
        ))}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className={legend}>{t('followups.form.message')}</legend>
        {(['custom', 'suggested'] as const).map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input type="radio" name="message" checked={d.messageKind === k} onChange={() => set({ messageKind: k })} />
            {t(`followups.form.message.${k}`)}
          </label>
        ))}
        {d.messageKind === 'custom' && (
          <>
            <textarea aria-label={t('followups.form.message')} required value={d.body} onChange={(e) => set({ body: e.target.value })} rows={3} maxLength={4096} className={`${field} w-full`} />
            <p className="text-xs text-slate-500">{t('followups.form.bodyHint')}</p>
          </>
        )}
      </fieldset>

      {d.channelKinds.includes('whatsapp') && (
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600">{t('followups.form.whatsappTemplate')}</span>
          <select value={d.whatsappTemplateId} required={needsTemplate} onChange={(e) => set({ whatsappTemplateId: e.target.value })} className={field}>
            <option value="">{t('followups.form.noTemplate')}</option>
            {whatsappTemplates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
                {x.whatsappStatus !== 'approved' ? ` (${t('composer.notApproved')})` : ''}
              </option>
            ))}
          </select>
          <span role="note" data-testid="followup-template-why" className={`text-xs ${needsTemplate ? 'text-amber-800' : 'text-slate-500'}`}>
            {t(needsTemplate ? 'followups.form.templateWhy' : 'followups.form.templateOptional')}
          </span>
        </label>
      )}

      <fieldset className="space-y-1">
        <legend className={legend}>{t('followups.form.stopOn')}</legend>
        <p className="text-xs text-slate-500">{t('followups.form.stopHint')}</p>
        <div className="flex flex-wrap gap-3">
          {FOLLOWUP_STOP_TRIGGERS.map((s: Stop) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" checked={d.stopOn.includes(s)} onChange={(e) => set({ stopOn: toggle(d.stopOn, s, e.target.checked) })} />
              {t(`followups.stop.${s}`)}
            </label>
          ))}
        </div>
        {touched && noStop && <p role="alert" className="text-xs text-red-700">{t('followups.form.stopRequired')}</p>}
      </fieldset>

      <label className="flex items-center gap-1">
        <input type="checkbox" checked={d.active} onChange={(e) => set({ active: e.target.checked })} />
        {t('followups.form.active')}
      </label>

      <div className="flex items-center gap-3">
        <button type="submit" disabled={saving} className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50">{t('followups.form.save')}</button>
        <button type="button" onClick={onDone} className="text-slate-600">{t('followups.form.cancel')}</button>
        {error && <span role="alert" className="text-xs text-red-700">{errorText(t, error)}</span>}
      </div>
    </form>
  );
}
