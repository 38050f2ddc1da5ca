'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';

export function ApiTokens() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiTokens.list.queryOptions());
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() });
  const create = useMutation(trpc.apiTokens.create.mutationOptions({ onSuccess: () => { setName(''); void refresh(); } }));
  const revoke = useMutation(trpc.apiTokens.revoke.mutationOptions({ onSuccess: () => void refresh() }));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim()) create.mutate({ name });
  }

  return (
    <section className="mx-auto max-w-3xl space-y-4 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('tokens.title')}</h1>
      <p className="text-sm text-slate-600">{t('tokens.intro')}</p>
      <form onSubmit={submit} className="flex gap-2">
        <input
          aria-label={t('tokens.name')}
          placeholder={t('tokens.name')}
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
          className="flex-1 rounded border border-slate-300 px-3 py-1.5 text-sm"
        />
        <button type="submit" disabled={!name.trim() || create.isPending} className="rounded bg-indigo-600 px-4 py-1.5 text-sm text-white disabled:opacity-50">
          {t('tokens.create')}
        </button>
      </form>
      {create.data && (
        <p role="status" className="rounded bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200">
          {t('tokens.created')} <code data-testid="new-token" className="select-all font-mono">{create.data.token}</code>
        </p>
      )}
      {tokens.data?.length === 0 && <p className="text-sm text-slate-500">{t('tokens.empty')}</p>}
      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
        {tokens.data?.map((tok) => (
          <li key={tok.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <span>
              <span className="font-medium">{tok.name}</span>
              <span className="ml-2 text-xs text-slate-500">
                {t('tokens.owner', { name: tok.owner })} · {timeOfDay(tok.createdAt, locale)}
              </span>
            </span>
            {tok.revokedAt ? (
              <span className="text-xs text-slate-500">{t('tokens.revoked')}</span>
            ) : (
              <button type="button" onClick={() => revoke.mutate({ tokenId: tok.id })} className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50">
                {t('tokens.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
