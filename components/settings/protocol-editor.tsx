'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Stage } from '@/db/schema/stage';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

type Protocol = { id: string; name: string; active: boolean; stopEvents: string[]; autoMessageMinutes: number | null; inactivityDays: number | null; stages: Stage[] };

export function ProtocolsSettings() {
  const t = useT();
  const trpc = useTRPC();
  const list = useQuery(trpc.protocols.list.queryOptions());
  return (
    <section className="mx-auto max-w-4xl space-y-4 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('protocols.title')}</h1>
      <p className="text-sm text-slate-600">{t('protocols.intro')}</p>
      {list.data?.map((p) => <ProtocolForm key={p.id} protocol={p} />)}
    </section>
  );
}

function ProtocolForm({ protocol }: { protocol: Protocol }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(protocol);
  const save = useMutation(
    trpc.protocols.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.protocols.list.queryKey() }) }),
  );
  const setStage = (i: number, patch: Partial<Stage>) =>
    setDraft({ ...draft, stages: draft.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <form
      aria-label={protocol.name}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          protocolId: draft.id,
          name: draft.name,
          active: draft.active,
          stopEvents: draft.stopEvents,
          autoMessageMinutes: draft.autoMessageMinutes,
          inactivityDays: draft.inactivityDays,
          stages: draft.stages,
        });
      }}
      className="space-y-2 rounded border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          <span className="text-xs text-slate-600">{t('protocols.name')}</span>
          <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} />
          {t('protocols.active')}
        </label>
        {draft.autoMessageMinutes !== null && (
          <label className="flex flex-col">
            <span className="text-xs text-slate-600">{t('protocols.autoMessage')}</span>
            <input type="number" min={1} value={draft.autoMessageMinutes} onChange={(e) => setDraft({ ...draft, autoMessageMinutes: Number(e.target.value) })} className="w-24 rounded border border-slate-300 px-2 py-1" />
          </label>
        )}
      </div>
      {/* On a phone the stages scroll inside their box, each field still wide enough to read. */}
      <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-sm">
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th className="py-1 font-medium">{t('protocols.stage')}</th>
            <th className="py-1 font-medium">{t('protocols.offset')}</th>
            <th className="py-1 font-medium">{t('protocols.clock')}</th>
            <th className="py-1 font-medium">{t('protocols.enforcement')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.stages.map((s, i) => (
            <tr key={i}>
              <td className="py-0.5 pr-2">
                <input aria-label={`${t('protocols.stage')} ${i + 1}`} value={s.name} onChange={(e) => setStage(i, { name: e.target.value })} className="w-full rounded border border-slate-300 px-2 py-0.5" />
              </td>
              <td className="py-0.5 pr-2">
                <input aria-label={`${t('protocols.offset')} ${i + 1}`} type="number" min={1} value={s.offsetMinutes} onChange={(e) => setStage(i, { offsetMinutes: Number(e.target.value) })} className="w-28 rounded border border-slate-300 px-2 py-0.5" />
              </td>
              <td className="py-0.5 pr-2">
                <select aria-label={`${t('protocols.clock')} ${i + 1}`} value={s.clock} onChange={(e) => setStage(i, { clock: e.target.value as Stage['clock'] })} className="rounded border border-slate-300 px-1 py-0.5">
                  <option value="business">{t('protocols.clock.business')}</option>
                  <option value="calendar">{t('protocols.clock.calendar')}</option>
                </select>
              </td>
              <td className="py-0.5">
                <select aria-label={`${t('protocols.enforcement')} ${i + 1}`} value={s.enforcement} onChange={(e) => setStage(i, { enforcement: e.target.value as Stage['enforcement'] })} className="rounded border border-slate-300 px-1 py-0.5">
                  <option value="required">{t('protocols.enforcement.required')}</option>
                  <option value="recommended">{t('protocols.enforcement.recommended')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white disabled:opacity-50">
          {t('protocols.save')}
        </button>
        {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('protocols.saved')}</span>}
        {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
      </div>
    </form>
  );
}
