'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { builtInName } from '../protocols/built-in-names';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';

/** An agent's breaches; a supervisor excuses one with a reason, and it stops counting. */
export function BreachList({ agentId, name }: { agentId: string; name: string }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.team.breaches.queryOptions({ agentId }));
  const [excusing, setExcusing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const excuse = useMutation(
    trpc.protocols.excuse.mutationOptions({
      onSuccess: () => {
        setExcusing(null);
        setReason('');
        void queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() });
      },
    }),
  );
  return (
    <div className="space-y-2" data-testid="breach-list">
      <h2 className="text-sm font-semibold">{t('team.breachList', { name })}</h2>
      {list.data?.length === 0 && <p className="text-sm text-slate-500">{t('team.noBreaches')}</p>}
      <ul className="space-y-1">
        {list.data?.map((b) => (
          <li key={b.id} className="rounded border border-slate-200 bg-white px-3 py-2 text-sm">
            <div className="flex items-center justify-between gap-2">
              <a href={`/inbox?tab=all&status=${b.conversationStatus}&c=${b.conversationId}`} data-testid="breach-link" className="min-w-0 truncate font-medium text-indigo-800 hover:underline">
                {t('team.breachConversation', { contact: b.contactName, channel: b.channelName })}
              </a>
              <span className="shrink-0 text-xs text-slate-600">{timeOfDay(b.occurredAt, locale)}</span>
            </div>
            <p className="text-xs text-slate-700">
              {builtInName(locale, b.protocol)}: {builtInName(locale, b.stage)} · {t(`status.${b.conversationStatus}`)}
            </p>
            {b.excusedAt ? (
              <p className="mt-1 text-xs text-slate-600">{t('team.excused', { name: b.excusedBy ?? '', reason: b.excuseReason ?? '' })}</p>
            ) : excusing === b.id ? (
              <form
                className="mt-1 flex gap-1"
                onSubmit={(e) => {
                  e.preventDefault();
                  excuse.mutate({ breachId: b.id, reason });
                }}
              >
                <input aria-label={t('team.excuseReason')} placeholder={t('team.excuseReason')} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus className="flex-1 rounded border border-slate-300 px-2 py-0.5 text-xs" />
                <button type="submit" disabled={reason.trim().length < 3 || excuse.isPending} className="rounded bg-indigo-600 px-2 py-0.5 text-xs text-white disabled:opacity-50">
                  {t('team.excuse')}
                </button>
              </form>
            ) : (
              <button type="button" onClick={() => setExcusing(b.id)} className="mt-1 text-xs text-indigo-700 hover:underline">
                {t('team.excuse')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {excuse.error && <p role="alert" className="text-xs text-red-700">{errorText(t, excuse.error)}</p>}
    </div>
  );
}
