'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AUTO_RESPONDER_MODES } from '@/db/schema/values';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

type Settings = { locale: 'es' | 'en'; replies: { help: string; optOut: string; optIn: string }; defaults: Record<'es' | 'en', { help: string; optOut: string; optIn: string }>; workspaceName: string };
type Responder = { mode: (typeof AUTO_RESPONDER_MODES)[number]; text: string };

/** Settings → SMS (SPEC §8): the workspace's answers to keywords, and each SMS channel's auto-responder. */
export function SmsSettings() {
  const t = useT();
  const trpc = useTRPC();
  const settings = useQuery(trpc.sms.settings.queryOptions());
  if (!settings.data) return null;
  return (
    <section className="mx-auto max-w-3xl space-y-6 p-3 sm:p-6 text-sm">
      <h1 className="text-lg font-semibold">{t('sms.title')}</h1>
      <p className="text-slate-600">{t('sms.intro')}</p>
      <Replies settings={settings.data} />
      {settings.data.channels.length === 0 && <p className="text-slate-500">{t('sms.noChannels')}</p>}
      {settings.data.channels.map((c) => <AutoResponder key={c.id} channel={c} />)}
    </section>
  );
}

function Replies({ settings }: { settings: Settings }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ locale: settings.locale, ...settings.replies });
  const save = useMutation(trpc.sms.saveReplies.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.sms.settings.queryKey() }) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  return (
    <form onSubmit={submit} aria-label={t('sms.title')} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-600">{t('sms.language')}</span>
        <select value={draft.locale} onChange={(e) => setDraft({ ...draft, locale: e.target.value as 'es' | 'en' })} className="w-40 rounded border border-slate-300 px-2 py-1">
          <option value="es">Español</option>
          <option value="en">English</option>
        </select>
        <span className="text-xs text-slate-500">{t('sms.languageHint')}</span>
      </label>
      {(['help', 'optOut', 'optIn'] as const).map((k) => (
        <label key={k} className="flex flex-col gap-1">
          <span className="text-xs text-slate-600">{t(`sms.${k}`)}</span>
          <textarea value={draft[k]} rows={2} maxLength={480} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} className="rounded border border-slate-300 px-2 py-1" />
          {!draft[k].trim() && <span className="text-xs text-slate-500">{t('sms.defaultHint', { text: settings.defaults[draft.locale][k].replaceAll('{name}', settings.workspaceName) })}</span>}
        </label>
      ))}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50">{t('sms.save')}</button>
        {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('sms.saved')}</span>}
        {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
      </div>
    </form>
  );
}

function AutoResponder({ channel }: { channel: { id: string; name: string; autoResponder: Responder } }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Responder>(channel.autoResponder);
  const save = useMutation(trpc.sms.saveAutoResponder.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.sms.settings.queryKey() }) }));
  return (
    <form
      aria-label={t('sms.autoResponder', { name: channel.name })}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ channelId: channel.id, ...draft });
      }}
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 className="font-medium">{t('sms.autoResponder', { name: channel.name })}</h2>
      <p className="text-xs text-slate-500">{t('sms.autoResponderHint')}</p>
      <div className="flex flex-wrap gap-3">
        {AUTO_RESPONDER_MODES.map((m) => (
          <label key={m} className="flex items-center gap-1">
            <input type="radio" name={`mode-${channel.id}`} checked={draft.mode === m} onChange={() => setDraft({ ...draft, mode: m })} />
            {t(`sms.mode.${m}`)}
          </label>
        ))}
      </div>
      {draft.mode !== 'nobody' && (
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600">{t('sms.autoResponderText')}</span>
          <textarea required value={draft.text} rows={2} maxLength={480} onChange={(e) => setDraft({ ...draft, text: e.target.value })} className="rounded border border-slate-300 px-2 py-1" />
        </label>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50">{t('sms.save')}</button>
        {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('sms.saved')}</span>}
        {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
      </div>
    </form>
  );
}
