'use client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { MessageKey } from '@/i18n/messages';
import type { SessionUser } from '@/server/auth/session';
import { Composer } from '../composer/composer';
import { useT } from '../i18n';
import { setConversationRead } from '../realtime/cache';
import { useTRPC } from '../trpc';
import { DeadlinesBar } from './deadlines-bar';
import { ConversationActions } from './conversation-actions';
import { MessageBubble } from './message-bubble';
import { NoteBubble } from './note-bubble';
import { TypingIndicator, Viewers } from '../realtime/conversation-presence';

export function Thread({ conversationId, user }: { conversationId: string; user: SessionUser }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const conversation = useQuery(trpc.conversations.get.queryOptions({ conversationId }));
  const thread = useInfiniteQuery(
    trpc.messages.thread.infiniteQueryOptions({ conversationId }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const markRead = useMutation(trpc.conversations.markRead.mutationOptions());
  const notes = useQuery(trpc.notes.list.queryOptions({ conversationId }));
  const messages = (thread.data?.pages.flatMap((p) => p.data) ?? []).slice().reverse();
  const newestId = messages.at(-1)?.id;
  // Notes sit among the loaded messages by time; older ones wait for older messages to load.
  const oldestShown = thread.hasNextPage ? (messages[0]?.sentAt ?? null) : null;
  const entries = [
    ...messages.map((m) => ({ at: m.sentAt, key: m.id, node: <MessageBubble key={m.id} message={m} /> })),
    ...(notes.data ?? []).filter((n) => !oldestShown || n.createdAt >= oldestShown).map((n) => ({ at: n.createdAt, key: n.id, node: <NoteBubble key={n.id} note={n} /> })),
  ].sort((a, b) => (a.at === b.at ? a.key.localeCompare(b.key) : a.at < b.at ? -1 : 1));
  const newestNoteId = notes.data?.at(-1)?.id;
  const scroller = useRef<HTMLDivElement>(null);
  const olderEdge = useRef<HTMLDivElement>(null);
  // Older pages wait until the thread has first been shown at its newest message.
  const shownNewest = useRef(false);
  const showNewest = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  // Opening a conversation, and every new message while it is open, marks it read
  // (keyed on the newest message id only, not on every render).
  useEffect(() => {
    if (!newestId) return;
    markRead.mutate({ conversationId }, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.conversations.unreadCount.queryKey() }) });
    setConversationRead(queryClient, trpc.conversations.list.pathKey(), conversationId);
    showNewest();
    shownNewest.current = true;
  }, [conversationId, newestId]);
  useEffect(() => {
    if (newestNoteId) showNewest();
  }, [newestNoteId]);
  // Scrolling near the top loads the previous 50, one page each time the top comes into view.
  // One observer per open thread, reading the paging state through refs: an observer made anew
  // reports at once, and would load page after page while the top stays near.
  const paging = useRef(thread);
  paging.current = thread;
  // The reader's distance from the bottom when older messages were asked for: they are put back
  // there once the page is added above (scroll anchoring is off; it does nothing at the very top).
  const fromBottom = useRef<number | null>(null);
  const loadOlder = useCallback(() => {
    const el = scroller.current;
    const { hasNextPage, isFetchingNextPage, fetchNextPage } = paging.current;
    if (!el || !shownNewest.current || !hasNextPage || isFetchingNextPage) return;
    fromBottom.current = el.scrollHeight - el.scrollTop;
    void fetchNextPage();
  }, []);
  useEffect(() => {
    const observer = new IntersectionObserver(([entry]) => entry?.isIntersecting && loadOlder(), {
      root: scroller.current,
      rootMargin: '300px 0px 0px 0px',
    });
    if (olderEdge.current) observer.observe(olderEdge.current);
    return () => observer.disconnect();
  }, [loadOlder]);
  // A reader at the newest message stays there while the thread, or the bars and composer around
  // it, change size (suggestions and deadlines load after the messages and shrink the view).
  const list = useRef<HTMLOListElement>(null);
  const atNewest = useRef(true);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      // Within a line of the end: the typing indicator below the last message comes and goes.
      atNewest.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    };
    const resized = new ResizeObserver(() => {
      if (atNewest.current) showNewest();
    });
    resized.observe(el);
    if (list.current) resized.observe(list.current);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      resized.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, []);
  const pageCount = thread.data?.pages.length ?? 0;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || fromBottom.current === null) return;
    el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [pageCount]);

  const c = conversation.data;
  return (
    <section aria-label={t('thread.messages')} className="flex h-full flex-col">
      <header className="flex min-h-14 shrink-0 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-1.5">
        {c && (
          <>
            <div className="min-w-0">
              <h2 className="truncate font-semibold" data-testid="thread-contact">
                {c.contact.name}
              </h2>
              <p className="text-xs text-slate-500">
                {[t(`channel.${c.channel.kind}` as MessageKey), c.contact.phone ?? c.contact.email].filter(Boolean).join(' · ')}
              </p>
            </div>
            <div className="flex flex-col items-end gap-1 text-xs">
              <div className="flex items-center gap-2">
                {c.contact.blocked && <span className="rounded bg-red-100 px-2 py-0.5 text-red-700">{t('thread.blocked')}</span>}
                <span data-testid="conversation-status" className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{t(`status.${c.status}` as MessageKey)}</span>
                {c.assigneeName && <span className="text-slate-500">{t('thread.assignee', { name: c.assigneeName })}</span>}
                <Viewers conversationId={conversationId} />
              </div>
              <ConversationActions conversation={c} user={user} />
            </div>
          </>
        )}
      </header>
      <DeadlinesBar conversationId={conversationId} />
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-4 py-3 [overflow-anchor:none]" data-testid="thread">
        <div ref={olderEdge} />
        {thread.hasNextPage && (
          <button
            type="button"
            disabled={thread.isFetchingNextPage}
            onClick={loadOlder}
            className="mx-auto mb-3 block rounded px-3 py-1 text-xs text-indigo-700 hover:bg-indigo-50"
          >
            {t('thread.loadOlder')}
          </button>
        )}
        {thread.isSuccess && messages.length === 0 && <p className="text-sm text-slate-500">{t('thread.empty')}</p>}
        <ol ref={list} className="space-y-2">
          {entries.map((e) => e.node)}
        </ol>
        <TypingIndicator conversationId={conversationId} className="mt-2 block text-xs" />
      </div>
      {c && <Composer conversationId={conversationId} contactName={c.contact.name} />}
    </section>
  );
}
