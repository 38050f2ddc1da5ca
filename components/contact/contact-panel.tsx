'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { useNow } from '../ui/clock';
import { labelledPreview } from '../ui/media-preview';
import { timeOfDay } from '../ui/time';
import { TimeZoneList } from '../ui/time-zone-list';
import { FollowupTimeline } from './followup-timeline';

const TYPES = ['all', 'message', 'failed', 'campaign', 'flow', 'link_click', 'booking', 'payment', 'session', 'order', 'event'] as const;

/** Everything about the contact beside the thread (SPEC §9). */
export function ContactPanel({ conversationId }: { conversationId: string }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const panel = useQuery(trpc.contacts.panel.queryOptions({ conversationId }));
  const now = useNow();
  const [filter, setFilter] = useState<(typeof TYPES)[number]>('all');
  const [editing, setEditing] = useState<null | { name: string; email: string; phone: string; timeZone: string; locale: '' | 'es' | 'en' }>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.contacts.panel.queryKey({ conversationId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId }) });
  };
  const update = useMutation(trpc.contacts.update.mutationOptions({ onSuccess: () => { setEditing(null); refresh(); } }));
  const block = useMutation(trpc.contacts.setBlocked.mutationOptions({ onSuccess: refresh }));
  const data = panel.data;
  if (!data) return <aside className="w-[320px] shrink-0 border-l border-slate-200 bg-white" />;
  const c = data.contact;
  const zone = c.timeZone;
  const activity = data.activity.filter((a) => filter === 'all' || a.type === filter);
  const row = 'flex justify-between gap-2 py-0.5';

  return (
    <aside aria-label={t('contact.panel')} data-testid="contact-panel" className="w-[320px] shrink-0 space-y-4 overflow-y-auto border-l border-slate-200 bg-white p-4 text-sm">
      <section>
        <div className="flex items-start justify-between gap-2">
          <h2 className="font-semibold">{c.name}</h2>
          {!editing && (
            <button type="button" onClick={() => setEditing({ name: c.name, email: c.email ?? '', phone: c.phone ?? '', timeZone: c.timeZone ?? '', locale: c.locale === 'en' ? 'en' : c.locale === 'es' ? 'es' : '' })} className="text-xs text-indigo-700 hover:underline">
              {t('contact.edit')}
            </button>
          )}
        </div>
        {editing ? (
          <form className="mt-2 space-y-1" onSubmit={(e) => { e.preventDefault(); update.mutate({ contactId: c.id, ...editing }); }}>
            {(['name', 'email', 'phone', 'timeZone'] as const).map((field) => (
              <label key={field} className="block text-xs">
                <span className="text-slate-600">{t(field === 'timeZone' ? 'contact.zone' : `contact.${field}`)}</span>
                <input value={editing[field]} list={field === 'timeZone' ? 'contact-zones' : undefined} onChange={(e) => setEditing({ ...editing, [field]: e.target.value })} className="w-full rounded border border-slate-300 px-2 py-0.5" />
              </label>
            ))}
            <TimeZoneList id="contact-zones" />
            <label className="block text-xs">
              <span className="text-slate-600">{t('contact.language')}</span>
              <select value={editing.locale} onChange={(e) => setEditing({ ...editing, locale: e.target.value as '' | 'es' | 'en' })} className="w-full rounded border border-slate-300 px-1 py-0.5">
                <option value="">—</option><option value="es">es</option><option value="en">en</option>
              </select>
            </label>
            <div className="flex gap-2 pt-1">
              <button type="submit" className="rounded bg-indigo-600 px-2 py-0.5 text-xs text-white">{t('contact.save')}</button>
              <button type="button" onClick={() => setEditing(null)} className="text-xs text-slate-600">{t('contact.cancel')}</button>
            </div>
            {update.error && <p role="alert" className="text-xs text-red-700">{errorText(t, update.error)}</p>}
          </form>
        ) : (
          <dl className="mt-1 text-xs text-slate-700">
            {c.phone && <div className={row}><dt className="text-slate-500">☎</dt><dd>{c.phone}</dd></div>}
            {c.email && <div className={row}><dt className="text-slate-500">@</dt><dd className="truncate">{c.email}</dd></div>}
            <div className={row}>
              <dt className="text-slate-500">{t('contact.localTime')}</dt>
              <dd data-testid="contact-local-time" className="tabular-nums">
                {zone ? new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: zone }).format(new Date(now)) : '—'}
              </dd>
            </div>
            <div className={row}><dt className="text-slate-500">{t('contact.zone')}</dt><dd>{zone ?? '—'}</dd></div>
            <div className={row}><dt className="text-slate-500">{t('contact.language')}</dt><dd>{c.locale ?? '—'}</dd></div>
            <div className={row}><dt className="text-slate-500">{t('contact.consent')}</dt><dd>{t(`contact.consent.${c.consent}` as MessageKey)}</dd></div>
          </dl>
        )}
      </section>
      {data.labels.length > 0 && (
        <section>
          <h3 className="text-xs font-semibold uppercase text-slate-500">{t('contact.labels')}</h3>
          <div className="mt-1 flex flex-wrap gap-1">{data.labels.map((l) => <span key={l.id} className="rounded bg-slate-100 px-1.5 text-xs">{l.name}</span>)}</div>
        </section>
      )}
      <section>
        <h3 className="text-xs font-semibold uppercase text-slate-500">{t('contact.identities')}</h3>
        <ul className="mt-1 space-y-0.5 text-xs">
          {data.identities.map((i) => <li key={`${i.channelKind}-${i.externalId}`}><span className="text-slate-500">{t(`channel.${i.channelKind}` as MessageKey)}</span> · {i.externalId}</li>)}
        </ul>
      </section>
      <section>
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-xs font-semibold uppercase text-slate-500">{t('contact.activity')}</h3>
          <select aria-label={t('contact.activity')} value={filter} onChange={(e) => setFilter(e.target.value as (typeof TYPES)[number])} className="rounded border border-slate-300 px-1 text-xs">
            {TYPES.map((x) => <option key={x} value={x}>{t(`contact.activity.${x}` as MessageKey)}</option>)}
          </select>
        </div>
        <ol className="mt-1 space-y-1" data-testid="contact-activity">
          {activity.slice(0, 25).map((a) => (
            <li key={`${a.type}-${a.id}`} className={`text-xs ${a.type === 'failed' ? 'text-red-700' : 'text-slate-700'}`}>
              <span className="text-slate-500">{timeOfDay(a.at, locale)}</span> {labelledPreview(a.summary, t)}
            </li>
          ))}
        </ol>
      </section>
      <FollowupTimeline conversationId={conversationId} />
      <section>
        <h3 className="text-xs font-semibold uppercase text-slate-500">{t('contact.orders')}</h3>
        {data.orders.length === 0 ? <p className="text-xs text-slate-500">{t('contact.noOrders')}</p> : (
          <ul className="mt-1 space-y-1 text-xs">
            {data.orders.map((o) => (
              <li key={o.id} className="rounded border border-slate-200 p-1.5">
                <div className="flex justify-between"><span>{o.orderId ?? '—'}</span><span className="font-medium">{o.total !== undefined ? new Intl.NumberFormat(locale, { style: 'currency', currency: o.currency ?? 'EUR' }).format(o.total) : ''}</span></div>
                <ul className="text-slate-600">{o.items.map((it, i) => <li key={i}>{it.quantity} × {it.name}</li>)}</ul>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3 className="text-xs font-semibold uppercase text-slate-500">{t('contact.previous')}</h3>
        {data.previousConversations.length === 0 ? <p className="text-xs text-slate-500">{t('contact.noPrevious')}</p> : (
          <ul className="mt-1 space-y-0.5 text-xs">
            {data.previousConversations.map((p) => (
              <li key={p.id}><a className="text-indigo-700 hover:underline" href={`/inbox?tab=all&status=${p.status}&c=${p.id}`}>{t(`channel.${p.channelKind}` as MessageKey)} · {timeOfDay(p.lastMessageAt, locale)}</a></li>
            ))}
          </ul>
        )}
      </section>
      <button type="button" onClick={() => block.mutate({ contactId: c.id, blocked: !c.blocked })} className={`w-full rounded border px-2 py-1 text-xs ${c.blocked ? 'border-slate-300 text-slate-700' : 'border-red-300 text-red-700 hover:bg-red-50'}`}>
        {c.blocked ? t('contact.unblock') : t('contact.block')}
      </button>
    </aside>
  );
}
