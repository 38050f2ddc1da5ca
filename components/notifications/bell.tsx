'use client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useLocale, useT } from '../i18n';
import { markNotificationsRead } from '../realtime/cache';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';
import { browserNotifyState, disableBrowserNotify, enableBrowserNotify, type BrowserNotifyState } from './browser';
import { notificationText } from './text';

/** The in-app bell: unread count, the latest notifications, and the browser opt-in. */
export function NotificationBell() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [browser, setBrowser] = useState<BrowserNotifyState>('unsupported');
  const panel = useRef<HTMLDivElement>(null);
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions());
  const list = useInfiniteQuery(trpc.notifications.list.infiniteQueryOptions({}, { getNextPageParam: (p) => p.nextCursor, enabled: open }));
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: ({ ids }) => {
        markNotificationsRead(queryClient, trpc.notifications.list.pathKey(), ids, new Date().toISOString());
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
      },
    }),
  );
  useEffect(() => setBrowser(browserNotifyState()), []);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => panel.current && !panel.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const count = unread.data ?? 0;
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div ref={panel} className="md:relative" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        aria-label={count ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="relative rounded p-1 text-slate-600 hover:bg-slate-100"
        data-testid="bell"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5 fill-current">
          <path d="M10 2a5 5 0 0 0-5 5v3.6L3.3 13.4A1 1 0 0 0 4.2 15h11.6a1 1 0 0 0 .9-1.6L15 10.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 0 2.4-2h-4.8A2.5 2.5 0 0 0 10 18Z" />
        </svg>
        {count > 0 && (
          <span data-testid="bell-count" className="absolute -right-1 -top-1 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div role="dialog" aria-label={t('notifications.bell')} className="absolute inset-x-2 top-full z-20 mt-1 rounded-md md:inset-x-auto md:right-0 md:top-auto md:w-96 border border-slate-200 bg-white shadow-lg">
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2 text-xs">
            <span className="font-semibold text-slate-700">{t('notifications.bell')}</span>
            <button type="button" disabled={count === 0} onClick={() => markRead.mutate({})} className="text-indigo-700 hover:underline disabled:opacity-40">
              {t('notifications.markAll')}
            </button>
          </div>
          <ul className="max-h-96 overflow-y-auto" data-testid="notifications">
            {list.isSuccess && items.length === 0 && <li className="px-3 py-4 text-sm text-slate-500">{t('notifications.empty')}</li>}
            {items.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  onClick={() => {
                    if (!n.readAt) markRead.mutate({ ids: [n.id] });
                    if (n.conversationId) router.push(`/inbox?c=${n.conversationId}`);
                    setOpen(false);
                  }}
                  className={`flex w-full gap-2 px-3 py-2 text-left text-sm hover:bg-slate-50 ${n.readAt ? 'text-slate-500' : 'text-slate-900'}`}
                >
                  <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.readAt ? 'bg-transparent' : 'bg-indigo-600'}`} />
                  <span className="min-w-0 flex-1">
                    <span className="block">{notificationText(t, locale, n)}</span>
                    <span className="text-xs text-slate-500">{timeOfDay(n.createdAt, locale)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <button type="button" onClick={() => void list.fetchNextPage()} className="w-full border-t border-slate-100 py-1.5 text-xs text-indigo-700 hover:bg-indigo-50">
              {t('notifications.more')}
            </button>
          )}
          {browser !== 'unsupported' && (
            <label className="flex items-center gap-2 border-t border-slate-100 px-3 py-2 text-xs text-slate-600">
              <input
                type="checkbox"
                checked={browser === 'on'}
                disabled={browser === 'blocked'}
                onChange={async (e) => {
                  if (e.target.checked) setBrowser(await enableBrowserNotify());
                  else {
                    disableBrowserNotify();
                    setBrowser(browserNotifyState());
                  }
                }}
              />
              {browser === 'blocked' ? t('notifications.browserBlocked') : browser === 'on' ? t('notifications.browserOn') : t('notifications.enableBrowser')}
            </label>
          )}
        </div>
      )}
    </div>
  );
}
