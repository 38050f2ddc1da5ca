'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { ApiWorkspace } from '@/server/workspace/schemas';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { TimeZoneList } from '../ui/time-zone-list';

type Draft = Omit<ApiWorkspace, 'id'>;
type Field = keyof Draft;

const input = 'rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500';

/** Settings → Workspace (SPEC §15): one form; the server checks every field and names the wrong one. */
export function WorkspaceForm() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (workspace.data) {
      const { id: _id, ...fields } = workspace.data;
      setDraft(fields);
    }
  }, [workspace.data]);
  const save = useMutation(trpc.workspace.update.mutationOptions({ onSuccess: (saved) => queryClient.setQueryData(trpc.workspace.get.queryKey(), saved) }));
  if (!draft) return null;

  const wrong = save.error?.data?.fieldErrors ?? {};
  const invalid = (field: Field) => (field in wrong ? true : undefined);
  const set = <K extends Field>(field: K, value: Draft[K]) => setDraft({ ...draft, [field]: value });
  const hours = (field: 'businessQuietHours' | 'recipientHours') => (
    <span className="flex items-center gap-2">
      <span className="text-xs text-slate-600">{t('workspace.from')}</span>
      <input type="time" required aria-label={`${t(field === 'businessQuietHours' ? 'workspace.businessQuietHours' : 'workspace.recipientHours')} · ${t('workspace.from')}`} aria-invalid={invalid(field)} value={draft[field].start} onChange={(e) => set(field, { ...draft[field], start: e.target.value })} className={input} />
      <span className="text-xs text-slate-600">{t('workspace.to')}</span>
      <input type="time" required aria-label={`${t(field === 'businessQuietHours' ? 'workspace.businessQuietHours' : 'workspace.recipientHours')} · ${t('workspace.to')}`} aria-invalid={invalid(field)} value={draft[field].end} onChange={(e) => set(field, { ...draft[field], end: e.target.value })} className={input} />
    </span>
  );
  const wholeNumber = (field: 'attributionWindowHours' | 'wechatMessageCapDefault' | 'fileSizeCapMb', label: string) => (
    <Row label={label}>
      <input type="number" step={1} required aria-label={label} aria-invalid={invalid(field)} value={draft[field]} onChange={(e) => set(field, Number(e.target.value))} className={`${input} w-24`} />
    </Row>
  );

  return (
    <section className="mx-auto max-w-3xl space-y-4 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('workspace.title')}</h1>
      <p className="text-sm text-slate-600">{t('workspace.intro')}</p>
      <form
        className="space-y-6"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <Section title={t('workspace.section.general')}>
          <Row label={t('workspace.name')}>
            <input required maxLength={100} aria-label={t('workspace.name')} aria-invalid={invalid('name')} value={draft.name} onChange={(e) => set('name', e.target.value)} className={`${input} w-72`} />
          </Row>
          <Row label={t('workspace.timeZone')} hint={t('workspace.timeZoneHint')}>
            <input required list="workspace-zones" aria-label={t('workspace.timeZone')} aria-invalid={invalid('timeZone')} value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} className={`${input} w-72`} />
            <TimeZoneList id="workspace-zones" />
          </Row>
        </Section>
        <Section title={t('workspace.section.clock')}>
          <Row label={t('workspace.businessQuietHours')} hint={t('workspace.businessQuietHoursHint')}>{hours('businessQuietHours')}</Row>
          <Row label={t('workspace.recipientHours')} hint={t('workspace.recipientHoursHint')}>{hours('recipientHours')}</Row>
        </Section>
        <Section title={t('workspace.section.conversations')}>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.closeUnassigns} onChange={(e) => set('closeUnassigns', e.target.checked)} />
            {t('workspace.closeUnassigns')}
          </label>
          {wholeNumber('attributionWindowHours', t('workspace.attributionWindow'))}
        </Section>
        <Section title={t('workspace.section.escalation')}>
          <p className="text-xs text-slate-600">{t('workspace.escalationHint')}</p>
          {draft.escalation.map((rule, i) => (
            <div key={rule.level} className="flex flex-wrap items-center gap-3 text-sm">
              <span className="w-20 font-medium">{t('workspace.escalation.level', { level: rule.level })}</span>
              {(['breaches', 'days'] as const).map((part) => (
                <label key={part} className="flex items-center gap-1 text-xs text-slate-600">
                  {t(`workspace.escalation.${part}`)}
                  <input
                    type="number"
                    step={1}
                    required
                    aria-invalid={invalid('escalation')}
                    value={rule[part]}
                    onChange={(e) => set('escalation', draft.escalation.map((r, j) => (j === i ? { ...r, [part]: Number(e.target.value) } : r)))}
                    className={`${input} w-20`}
                  />
                </label>
              ))}
            </div>
          ))}
        </Section>
        <Section title={t('workspace.section.channels')}>
          {wholeNumber('wechatMessageCapDefault', t('workspace.wechatCap'))}
          <p className="text-xs text-slate-600">{t('workspace.wechatCapHint')}</p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.viberPaidTermsAccepted} onChange={(e) => set('viberPaidTermsAccepted', e.target.checked)} />
            {t('workspace.viberPaid')}
          </label>
          {wholeNumber('fileSizeCapMb', t('workspace.fileSizeCap'))}
        </Section>
        <div className="flex items-center gap-3">
          <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-4 py-1.5 text-sm text-white disabled:opacity-50">
            {t('workspace.save')}
          </button>
          {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('workspace.saved')}</span>}
          {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
        </div>
      </form>
    </section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-3 rounded border border-slate-200 bg-white p-3 sm:p-4">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

function Row({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="w-64 font-medium">{label}</span>
        {children}
      </div>
      {hint && <p className="text-xs text-slate-600">{hint}</p>}
    </div>
  );
}
