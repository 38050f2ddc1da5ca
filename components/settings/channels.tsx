'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiChannel } from '@/server/channels/settings/schemas';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { ChannelForm } from './channel-form';
import { ChannelRow, WebhookSetup } from './channel-row';

/** Settings → Channels (managers and admins): connect one of every kind, and look after those connected. */
export function ChannelsSettings() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A token can expire while the page is open in another tab: coming back shows it.
  const list = useQuery({ ...trpc.channels.list.queryOptions(), refetchOnWindowFocus: true });
  const [adding, setAdding] = useState(false);
  const [connected, setConnected] = useState<ApiChannel | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });

  return (
    <section className="mx-auto max-w-3xl space-y-4 p-3 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold">{t('channels.title')}</h1>
        {!adding && (
          <button
            type="button"
            onClick={() => {
              setConnected(null);
              setAdding(true);
            }}
            className="rounded bg-indigo-600 px-3 py-1 text-sm text-white"
          >
            {t('channels.add')}
          </button>
        )}
      </div>
      <p className="text-sm text-slate-600">{t('channels.intro')}</p>
      {adding && (
        <ChannelForm
          onCancel={() => setAdding(false)}
          onConnected={(channel) => {
            setAdding(false);
            setConnected(channel);
            void refresh();
          }}
        />
      )}
      {connected && (
        <div role="status" data-testid="channel-connected" className="space-y-2 rounded bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200">
          <p className="font-medium text-emerald-900">{t('channels.connected', { name: connected.name })}</p>
          <WebhookSetup channel={connected} testIdPrefix="connected" />
          <button type="button" onClick={() => setConnected(null)} className="text-xs text-emerald-900 underline">
            {t('channels.dismiss')}
          </button>
        </div>
      )}
      {list.error && (
        <p role="alert" className="text-sm text-red-700">
          {t('channels.error.failed')}
        </p>
      )}
      {list.data?.length === 0 && <p className="text-sm text-slate-500">{t('channels.empty')}</p>}
      <ul aria-label={t('channels.title')} className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="channels-list">
        {list.data?.map((channel) => <ChannelRow key={channel.id} channel={channel} onChanged={() => void refresh()} />)}
      </ul>
    </section>
  );
}
