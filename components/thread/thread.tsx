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
import { ImageGallery, viewableImage } from './image-gallery';
import { useFirstScreen } from './first-screen';
import { ConversationActions } from './conversation-actions';
import { MessageBubble } from './message-bubble';
import { NoteBubble } from './note-bubble';
import { TypingIndicator, Viewers } from '../realtime/conversation-presence';

type Props = {
  conversationId: string;
  user: SessionUser;
  /** After closing or snoozing it: the next conversation opens. */
  onDone?: () => void;
  /** Back to the list, where the list and the thread are one screen each (below 768 px). */
  onBack?(): void;
  /** Opens the contact as a sheet, where it does not fit beside the thread (below 1024 px). */
  onShowContact?(): void;
};

/**
 * One conversation's screen. Its first screen comes in one request (or from a prefetch), and
 * only then do its parts mount, each finding its query answered; if that request fails they
 * fetch their own.
 */
export function Thread(props: Props) {
  const firstScreen = useFirstScreen();
  const first = useQuery(firstScreen.options(props.conversationId));
  if (first.isPending) return <section aria-busy="true" className="h-full" />;
  return <ThreadScreen {...props} />;
}

function ThreadScreen({ conversationId, user, onDone, onBack, onShowContact }: Props) {
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
      <header className="flex min-h-14 shrink-0 flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-2 py-1.5 md:px-4">
        {onBack && (
          <button type="button" onClick={onBack} className="-ml-1 flex h-10 w-10 shrink-0 items-center justify-center rounded text-slate-700 hover:bg-slate-100 md:hidden">
            <span aria-hidden="true">←</span>
            <span className="sr-only">{t('inbox.back')}</span>
          </button>
        )}
        {c && (
          <>
            {/* The name keeps room to be read; the actions wrap below it when the column is narrow. */}
            <div className="min-w-[10rem] flex-1">
              <h2 className="truncate font-semibold" data-testid="thread-contact">
                {c.contact.name}
              </h2>
              <p className="text-xs text-slate-500">
                {[t(`channel.${c.channel.kind}` as MessageKey), c.contact.phone ?? c.contact.email].filter(Boolean).join(' · ')}
              </p>
            </div>
            {onShowContact && (
              <button type="button" onClick={onShowContact} className="shrink-0 rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 lg:hidden">
                {t('contact.panel')}
              </button>
            )}
            <div className="flex w-full flex-col items-start gap-1 text-xs md:w-auto md:max-w-full md:items-end">
              <div className="flex flex-wrap items-center gap-2">
                {c.contact.blocked && <span className="rounded bg-red-100 px-2 py-0.5 text-red-700">{t('thread.blocked')}</span>}
                <span data-testid="conversation-status" className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{t(`status.${c.status}` as MessageKey)}</span>
                {c.assigneeName && <span className="text-slate-500">{t('thread.assignee', { name: c.assigneeName })}</span>}
                <Viewers conversationId={conversationId} />
              </div>
              <ConversationActions conversation={c} user={user} onDone={onDone} />
            </div>
          </>
        )}
      </header>
      <DeadlinesBar conversationId={conversationId} />
      <div ref={scroller} tabIndex={0} className="min-h-0 flex-1 overflow-y-auto px-2 py-3 [overflow-anchor:none] focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-400 md:px-4" data-testid="thread" data-conversation-id={conversationId}>
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
        <ImageGallery images={messages.flatMap((m) => m.attachments.filter(viewableImage))}>
          <ol ref={list} className="space-y-2">
            {entries.map((e) => e.node)}
          </ol>
        </ImageGallery>
        <TypingIndicator conversationId={conversationId} className="mt-2 block text-xs" />
      </div>
      {c && <Composer conversationId={conversationId} contactName={c.contact.name} channelKind={c.channel.kind} />}
    </section>
  );
}
