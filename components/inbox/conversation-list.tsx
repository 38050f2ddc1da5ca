'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { useLocale, useT } from '../i18n';
import { DeadlineChip } from '../protocols/deadline-chip';
import { TypingIndicator, Viewers } from '../realtime/conversation-presence';
import { setServerTime, useNow } from '../ui/clock';
import { labelledPreview } from '../ui/media-preview';
import { shortAge } from '../ui/time';
import { useArrivalSound } from './arrival-sound';
import { useInboxRows } from './use-inbox-rows';
import { useNewArrivals } from './use-new-arrivals';
import { listInput, type InboxView } from './view';

export function ConversationList({
  view,
  openId,
  selectedId,
  picked,
  jumps,
  onOpen,
  onSelect,
  onPick,
  onHover,
}: {
  view: InboxView;
  openId: string | null;
  /** The row j / k are on (the open one until they move). */
  selectedId: string | null;
  /** The rows chosen for a bulk action (x). */
  picked: ReadonlySet<string>;
  /** Counts the `.` presses: each jumps to the new arrivals. */
  jumps: number;
  onOpen(id: string): void;
  onSelect(id: string): void;
  onPick(id: string): void;
  onHover(id: string): void;
}) {
  const t = useT();
  const locale = useLocale();
  const { query, rows } = useInboxRows(view);
  const serverNow = query.data?.pages[0]?.serverNow;
  useEffect(() => {
    if (serverNow) setServerTime(serverNow, query.dataUpdatedAt);
    // Only when a fresh first page arrives.
  }, [serverNow, query.dataUpdatedAt]);
  const now = useNow();

  const scroller = useRef<HTMLDivElement>(null);
  // Only the rows in view are rendered: the list stays fast with thousands of conversations.
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 76, overscan: 8 });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= rows.length - 5 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [lastIndex, rows.length, query]);
  const cursor = selectedId ?? openId;
  useEffect(() => {
    const index = rows.findIndex((r) => r.id === cursor);
    // A row the pointer or Tab focused is where the person is: scrolling would move it from under a click.
    if (index < 0 || document.activeElement?.id === `conversation-${cursor}`) return;
    virtual.scrollToIndex(index, { align: 'auto' });
    // The row may only be rendered once scrolled to.
    requestAnimationFrame(() => document.getElementById(`conversation-${cursor}`)?.focus({ preventScroll: true }));
  }, [cursor]);

  const sound = useArrivalSound();
  const arrivals = useNewArrivals({
    rows,
    pages: query.data?.pages.length ?? 0,
    viewKey: JSON.stringify(listInput(view)),
    ready: query.isSuccess,
    scroller,
    firstOnScreen: () => virtual.getVirtualItemForOffset(scroller.current?.scrollTop ?? 0)?.index ?? 0,
    onArrival: sound.play,
  });
  const jumpToNew = () => {
    const target = arrivals.first ?? rows[0]?.id;
    arrivals.clear();
    virtual.scrollToOffset(0);
    if (target) onSelect(target);
  };
  useEffect(() => {
    if (jumps > 0) jumpToNew();
  }, [jumps]);

  if (query.isPending) return <div className="p-4 text-sm text-slate-500">…</div>;
  return (
    <div ref={scroller} className="relative min-h-0 flex-1 overflow-y-auto">
      <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-1 text-[11px] text-slate-600">
        {/* A touch screen has no j/k to press. */}
        <span className="truncate pointer-coarse:hidden">{t('inbox.keyboardHint')}</span>
        <button type="button" aria-pressed={sound.enabled} onClick={sound.toggle} className="ml-auto shrink-0 rounded px-1.5 py-0.5 hover:bg-slate-100 aria-pressed:text-indigo-700">
          {sound.enabled ? t('inbox.sound.on') : t('inbox.sound.off')}
        </button>
      </div>
      <p role="status" className="sr-only">{arrivals.count > 0 ? t('inbox.newArrivals', { n: arrivals.count }) : ''}</p>
      {arrivals.count > 0 && (
        <button
          type="button"
          data-testid="new-arrivals"
          aria-keyshortcuts="."
          onClick={jumpToNew}
          className="sticky top-1 z-10 mx-auto -mb-7 block rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-300"
        >
          ↑ {t('inbox.newArrivals', { n: arrivals.count })}
        </button>
      )}
      {rows.length === 0 && <p className="p-4 text-sm text-slate-500">{t('inbox.empty')}</p>}
      <ul aria-label={t('inbox.list')} className="relative" style={{ height: virtual.getTotalSize() }}>
        {items.map((item) => {
          const c = rows[item.index]!;
          return (
            <li key={c.id} data-index={item.index} ref={virtual.measureElement} className={`absolute left-0 top-0 flex w-full border-b border-slate-100 ${c.id === cursor && c.id !== openId ? 'shadow-[inset_3px_0_0_theme(colors.indigo.400)]' : ''}`} style={{ transform: `translateY(${item.start}px)` }}>
              <label className="flex shrink-0 cursor-pointer items-start pl-2 pt-2.5">
                <input
                  type="checkbox"
                  checked={picked.has(c.id)}
                  onChange={() => onPick(c.id)}
                  aria-label={t('bulk.pick', { name: c.contact.name })}
                  data-testid="pick-conversation"
                  className="h-3.5 w-3.5 accent-indigo-600"
                />
              </label>
              <button
                id={`conversation-${c.id}`}
                type="button"
                data-testid="conversation-row"
                aria-current={c.id === openId ? 'true' : undefined}
                data-selected={c.id === cursor ? 'true' : undefined}
                onClick={() => onOpen(c.id)}
                onMouseEnter={() => onHover(c.id)}
                onFocus={() => c.id !== cursor && onSelect(c.id)}
                className={`flex min-w-0 flex-1 gap-2 py-2 pl-2 pr-3 text-left focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-400 ${c.id === openId ? 'bg-indigo-50' : picked.has(c.id) ? 'bg-amber-50' : 'hover:bg-slate-50'}`}
              >
                <span className="mt-1.5 w-2 shrink-0">
                  {c.unread && <span role="img" aria-label={t('inbox.unread')} className="block h-2 w-2 rounded-full bg-blue-600" />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline justify-between gap-2">
                    <span className={`truncate text-sm ${c.unread ? 'font-semibold' : 'font-medium'}`}>{c.contact.name}</span>
                    <span className="flex shrink-0 items-center gap-1.5 text-xs text-slate-600">
                      <Viewers conversationId={c.id} size="xs" />
                      {shortAge(c.lastMessageAt, now, locale)}
                    </span>
                  </span>
                  <span className="block truncate text-xs text-slate-600">
                    <TypingIndicator conversationId={c.id} className="mr-1" />
                    {c.lastMessagePreview && labelledPreview(c.lastMessagePreview, t)}
                  </span>
                  <span className="mt-0.5 flex items-center gap-2 text-[11px] text-slate-600">
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
