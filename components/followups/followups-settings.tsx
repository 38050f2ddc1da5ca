'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { COLORS } from '@/db/schema/values';
import type { MessageKey } from '@/i18n/messages';
import type { ApiFollowup } from '@/server/followups/schemas';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { FollowupForm } from './followup-form';
import { FollowupLog } from './followup-log';
import { delayParts, SWATCH } from './look';

type Color = (typeof COLORS)[number];
const COUNTS = ['scheduled', 'sent', 'skipped', 'cancelled', 'replies'] as const;

/** Settings → Follow-ups (SPEC §7): the list, filterable by color, with each one's state, channels, delay and counts. */
export function FollowupsSettings() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [color, setColor] = useState<Color | ''>('');
  const [form, setForm] = useState<{ editing: ApiFollowup | null } | null>(null);
  const list = useQuery(trpc.followups.list.queryOptions(color ? { color } : {}));
  const done = () => {
    setForm(null);
    void queryClient.invalidateQueries({ queryKey: trpc.followups.pathKey() });
  };
  return (
    <section className="mx-auto max-w-5xl space-y-4 p-3 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold">{t('followups.title')}</h1>
        <div className="flex items-center gap-2">
          <select aria-label={t('followups.filterColor')} value={color} onChange={(e) => setColor(e.target.value as Color | '')} className="rounded border border-slate-300 px-2 py-1 text-sm">
            <option value="">{t('followups.allColors')}</option>
            {COLORS.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <button type="button" onClick={() => setForm({ editing: null })} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white">
            {t('followups.new')}
          </button>
        </div>
      </div>
      <p className="text-sm text-slate-600">{t('followups.intro')}</p>
      {form && <FollowupForm key={form.editing?.id ?? 'new'} editing={form.editing} onDone={done} />}
      {list.data?.length === 0 && <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t('followups.empty')}</p>}
      <ul className="space-y-2" data-testid="followups-list">
        {list.data?.map((f) => <FollowupRow key={f.id} followup={f} onEdit={() => setForm({ editing: f })} onChanged={done} />)}
      </ul>
    </section>
  );
}

function FollowupRow({ followup: f, onEdit, onChanged }: { followup: ApiFollowup; onEdit(): void; onChanged(): void }) {
  const t = useT();
  const trpc = useTRPC();
  const [showLog, setShowLog] = useState(false);
  const setActive = useMutation(trpc.followups.setActive.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.followups.delete.mutationOptions({ onSuccess: onChanged }));
  const log = useQuery({ ...trpc.followups.log.queryOptions({ followupId: f.id }), enabled: showLog });
  const delay = (minutes: number) => {
    const { value, unit } = delayParts(minutes);
    return t(unit === 'hours' ? 'followups.hours' : 'followups.minutes', { n: value });
  };
  const error = setActive.error ?? remove.error;
  return (
    <li className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="followup" data-active={f.active}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 space-y-1">
          <div className="flex items-center gap-2">
            <span className={`h-3 w-3 shrink-0 rounded-full ${SWATCH[f.color]}`} />
            <h2 className="font-medium">{f.name}</h2>
            <span className={`rounded px-1.5 text-xs ${f.active ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-100 text-slate-600'}`}>{t(f.active ? 'followups.active' : 'followups.inactive')}</span>
          </div>
          <p className="text-xs text-slate-600">
            {t('followups.delay')}: {delay(f.delayMinutes)} {t('followups.delayAfter')}
            {f.requestedDelayMinutes !== undefined && <> {t('followups.clampedFrom', { requested: delay(f.requestedDelayMinutes) })}</>}
            {' · '}
            {t('followups.channels')}: {f.channelKinds.map((k) => t(`channel.${k}` as MessageKey)).join(', ')}
          </p>
          <dl className="flex flex-wrap gap-3 text-xs">
            {COUNTS.map((c) => (
              <div key={c} className="flex gap-1">
                <dt className="text-slate-500">{t(`followups.count.${c}`)}</dt>
                <dd className="font-medium tabular-nums" data-testid={`count-${c}`}>{f.counts[c]}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="flex gap-2 text-xs">
          <button type="button" onClick={onEdit} className="text-indigo-700 hover:underline">{t('followups.edit')}</button>
          <button type="button" disabled={setActive.isPending} onClick={() => setActive.mutate({ followupId: f.id, active: !f.active })} className="text-indigo-700 hover:underline">
            {t(f.active ? 'followups.deactivate' : 'followups.activate')}
          </button>
          <button type="button" onClick={() => setShowLog((v) => !v)} className="text-indigo-700 hover:underline">{t(showLog ? 'followups.hideLog' : 'followups.showLog')}</button>
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => window.confirm(t('followups.confirmDelete', { name: f.name })) && remove.mutate({ followupId: f.id })}
            className="text-red-700 hover:underline"
          >
            {t('followups.delete')}
          </button>
        </div>
      </div>
      {error && <p role="alert" className="mt-1 text-xs text-red-700">{errorText(t, error)}</p>}
      {showLog && (
        <div className="mt-2 border-t border-slate-100 pt-2">
          {log.data?.length === 0 ? <p className="text-xs text-slate-500">{t('followups.logEmpty')}</p> : <FollowupLog entries={log.data ?? []} showName={false} testId="followup-log" />}
        </div>
      )}
    </li>
  );
}
