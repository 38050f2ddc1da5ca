'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { DeadlineChip } from '../protocols/deadline-chip';
import { TypingIndicator, Viewers } from '../realtime/conversation-presence';
import { setServerTime, useNow } from '../ui/clock';
import { shortAge } from '../ui/time';
import { listInput, type InboxView } from './view';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function ConversationList({
  view,
  openId,
  onOpen,
}: {
  view: InboxView;
  openId: string | null;
  onOpen(id: string): void;
}) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(listInput(view), { getNextPageParam: (last) => last.nextCursor }),
  );
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const serverNow = query.data?.pages[0]?.serverNow;
  useEffect(() => {
    if (serverNow) setServerTime(serverNow, query.dataUpdatedAt);
    // Only when a fresh first page arrives.
  }, [serverNow, query.dataUpdatedAt]);
  const now = useNow();

  // j / k move through the list and open the conversation, like a mail client.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key !== 'j' && event.key !== 'k') return;
      const index = rows.findIndex((r) => r.id === openId);
      const next = event.key === 'j' ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
      const row = rows[next];
      if (row) {
        onOpen(row.id);
        document.getElementById(`conversation-${row.id}`)?.focus();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, openId, onOpen]);

  const scroller = useRef<HTMLDivElement>(null);
  // Only the rows in view are rendered: the list stays fast with thousands of conversations.
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 76, overscan: 8 });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= rows.length - 5 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [lastIndex, rows.length, query]);
  useEffect(() => {
    const index = rows.findIndex((r) => r.id === openId);
    if (index >= 0) virtual.scrollToIndex(index, { align: 'auto' });
  }, [openId, rows, virtual]);

  if (query.isPending) return <div className="p-4 text-sm text-slate-400">…</div>;
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto">
      <p className="sr-only">{t('inbox.keyboardHint')}</p>
      {rows.length === 0 && <p className="p-4 text-sm text-slate-500">{t('inbox.empty')}</p>}
      <ul aria-label={t('inbox.list')} className="relative" style={{ height: virtual.getTotalSize() }}>
        {items.map((item) => {
          const c = rows[item.index]!;
          return (
            <li key={c.id} data-index={item.index} ref={virtual.measureElement} className="absolute left-0 top-0 w-full border-b border-slate-100" style={{ transform: `translateY(${item.start}px)` }}>
              <button
                id={`conversation-${c.id}`}
                type="button"
                data-testid="conversation-row"
                aria-current={c.id === openId ? 'true' : undefined}
                onClick={() => onOpen(c.id)}
                className={`flex w-full gap-2 px-3 py-2 text-left focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-400 ${c.id === openId ? 'bg-indigo-50' : 'hover:bg-slate-50'}`}
              >
                <span className="mt-1.5 w-2 shrink-0">
                  {c.unread && <span aria-label={t('inbox.unread')} className="block h-2 w-2 rounded-full bg-blue-600" />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline justify-between gap-2">
                    <span className={`truncate text-sm ${c.unread ? 'font-semibold' : 'font-medium'}`}>{c.contact.name}</span>
                    <span className="flex shrink-0 items-center gap-1.5 text-xs text-slate-500">
                      <Viewers conversationId={c.id} size="xs" />
                      {shortAge(c.lastMessageAt, now, locale)}
                    </span>
                  </span>
                  <span className="block truncate text-xs text-slate-600">
                    <TypingIndicator conversationId={c.id} className="mr-1" />
                    {c.lastMessagePreview}
                  </span>
                  <span className="mt-0.5 flex items-center gap-2 text-[11px] text-slate-500">
                    <span className="shrink-0 whitespace-nowrap">{t(`channel.${c.channel.kind}` as MessageKey)}</span>
                    <span>·</span>
                    <span className="truncate">{c.assigneeName ?? t('inbox.unassigned')}</span>
                    {/* Beside a deadline chip only when the list is sorted by it: the row stays readable. */}
                    {c.waitingSince && c.status !== 'closed' && (view.sort === 'waiting' || !c.nextDeadline) && (
                      <span data-testid="waiting-since" className="shrink-0 text-amber-700">{t('inbox.waiting', { age: shortAge(c.waitingSince, now, locale) })}</span>
                    )}
                    {c.labels.map((l) => (
                      <span key={l.id} className="rounded bg-slate-100 px-1 text-[10px] text-slate-700">{l.name}</span>
                    ))}
                    {c.nextDeadline && (
                      <span className="ml-auto shrink-0">
                        <DeadlineChip deadline={c.nextDeadline} />
                      </span>
                    )}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
