'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { SessionUser } from '@/server/auth/session';
import type { ClientToServerEvents, ComposeMode, ServerToClientEvents } from '@/server/realtime/events';
import { useLocale, useT } from '../i18n';
import { showBrowserNotification } from '../notifications/browser';
import { notificationText } from '../notifications/text';
import { firstScreenKey } from '../thread/first-screen';
import { useTRPC } from '../trpc';
import { appendNote, markNotificationsRead, patchConversationLists, prependNotification, refetchAfterEvent, upsertThreadMessage } from './cache';
import { createPresenceStore, type PresenceStore } from './presence-store';

type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Realtime = {
  userId: string;
  connected: boolean;
  presence: PresenceStore;
  /** Follows one conversation (its live thread, viewers and typing); null follows none. */
  open(conversationId: string | null): void;
  typing(conversationId: string, mode: ComposeMode, typing: boolean): void;
};

const RealtimeContext = createContext<Realtime | null>(null);

export function useRealtime(): Realtime {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime needs a RealtimeProvider');
  return value;
}

/**
 * One socket per tab: events patch the tRPC query cache in place, so lists, threads, the bell
 * and the team view update within the second, with no refetch and no flicker. A reconnect the
 * server could not recover (a restart, a long disconnect) refetches what is on screen instead.
 */
export function RealtimeProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(true);
  const [presence] = useState(createPresenceStore);
  const socketRef = useRef<RealtimeSocket | null>(null);
  const openRef = useRef<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const localeRef = useRef(locale);
  localeRef.current = locale;

  useEffect(() => {
    const socket: RealtimeSocket = io({ withCredentials: true });
    socketRef.current = socket;
    const listPath = trpc.conversations.list.pathKey();
    const threadPath = trpc.messages.thread.pathKey();
    const notificationsPath = trpc.notifications.list.pathKey();
    let wasConnected = false;

    socket.on('connect', () => {
      setConnected(true);
      if (wasConnected && !socket.recovered) void queryClient.invalidateQueries();
      wasConnected = true;
      if (openRef.current && !socket.recovered) socket.emit('conversation.join', openRef.current, () => {});
      socket.emit('presence.snapshot', (s) => presence.snapshot(s));
    });
    socket.on('disconnect', (reason) => {
      setConnected(false);
      // The server closes a socket itself only when its session ended (signed out elsewhere,
      // deactivated, deleted): the page goes too, to the login form, which says why.
      if (reason === 'io server disconnect') window.location.assign('/login?ended=1');
    });
    // The contact panel beside an open thread lists messages, failures and contact events.
    const panelOf = (conversationId: string | null) => trpc.contacts.panel.queryKey({ conversationId: conversationId ?? '' });
    // ...and its follow-up timeline, which every message and conversation change may move.
    const refreshPanel = () => {
      refetchAfterEvent(queryClient, panelOf(openRef.current));
      refetchAfterEvent(queryClient, trpc.followups.timeline.queryKey({ conversationId: openRef.current ?? '' }));
    };
    // A thread whose first screen is still on the wire would show an answer read before this
    // message, and upsertThreadMessage has no cached thread to put it in yet: ask again.
    const reloadLoadingThread = (conversationId: string) => {
      if (queryClient.getQueryState(firstScreenKey(conversationId))?.fetchStatus === 'fetching') refetchAfterEvent(queryClient, firstScreenKey(conversationId));
    };
    socket.on('message.created', ({ message, conversation }) => {
      reloadLoadingThread(conversation.id);
      upsertThreadMessage(queryClient, threadPath, message);
      if (openRef.current === conversation.id) refreshPanel();
      const markUnread = message.direction === 'inbound' && openRef.current !== conversation.id;
      // The contact wrote: the channel window changed. We wrote: a protocol stage may be met.
      const changed = message.direction === 'inbound' ? trpc.windows.state : trpc.protocols.deadlines;
      refetchAfterEvent(queryClient, changed.queryKey({ conversationId: conversation.id }));
      if (markUnread) refetchAfterEvent(queryClient, trpc.conversations.unreadCount.queryKey());
      patchConversationLists(queryClient, listPath, conversation, { userId: user.id, markUnread });
      if (message.authorId) presence.typing(conversation.id, { id: message.authorId, name: '' }, 'reply', false, Date.now());
    });
    socket.on('message.updated', ({ message }) => {
      reloadLoadingThread(message.conversationId);
      upsertThreadMessage(queryClient, threadPath, message);
      // Sent, delivered and read do not show there; a failure does.
      if (openRef.current === message.conversationId && message.status === 'failed') refreshPanel();
    });
    socket.on('contact.activity', ({ contactId }) => {
      if (queryClient.getQueryData(panelOf(openRef.current))?.contact.id === contactId) refreshPanel();
    });
    socket.on('note.created', ({ note }) => {
      appendNote(queryClient, trpc.notes.list.pathKey(), note);
      if (note.author) presence.typing(note.conversationId, note.author, 'note', false, Date.now());
    });
    socket.on('conversation.updated', ({ conversation }) => {
      patchConversationLists(queryClient, listPath, conversation, { userId: user.id, markUnread: false });
      queryClient.setQueryData(trpc.conversations.get.queryKey({ conversationId: conversation.id }), (old) => (old ? { ...old, ...conversation, unread: old.unread } : old));
      refetchAfterEvent(queryClient, trpc.protocols.deadlines.queryKey({ conversationId: conversation.id }));
      refetchAfterEvent(queryClient, trpc.followups.timeline.queryKey({ conversationId: conversation.id }));
    });
    // Aggregates are small and change rarely: these are refetched, not patched.
    socket.on('team.changed', () => refetchAfterEvent(queryClient, trpc.team.pathKey()));
    socket.on('notice.created', () => refetchAfterEvent(queryClient, trpc.protocols.notices.queryKey()));
    socket.on('notification.created', ({ notification }) => {
      prependNotification(queryClient, notificationsPath, notification);
      queryClient.setQueryData(trpc.notifications.unreadCount.queryKey(), (n) => (n ?? 0) + 1);
      showBrowserNotification(tRef.current('app.name'), notificationText(tRef.current, localeRef.current, notification), notification.id, () => {
        if (notification.conversationId) router.push(`/inbox?c=${notification.conversationId}`);
      });
    });
    socket.on('notifications.read', ({ ids }) => {
      markNotificationsRead(queryClient, notificationsPath, ids, new Date().toISOString());
      refetchAfterEvent(queryClient, trpc.notifications.unreadCount.queryKey());
    });
    socket.on('presence.online', ({ userId, online }) => {
      presence.online(userId, online);
      refetchAfterEvent(queryClient, trpc.team.overview.queryKey());
    });
    socket.on('presence.viewers', ({ conversationId, viewers }) => presence.viewers(conversationId, viewers));
    socket.on('typing', ({ conversationId, user: who, mode, typing }) => presence.typing(conversationId, who, mode, typing, Date.now()));
    const expiry = setInterval(() => presence.expire(Date.now()), 1000);
    // A closing tab says goodbye at once: otherwise a socket still on HTTP long-polling lingers
    // until its heartbeat times out, and the user shows online for up to a minute after leaving.
    const leave = () => socket.disconnect();
    const back = (event: PageTransitionEvent) => event.persisted && socket.connect();
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', back);
    return () => {
      clearInterval(expiry);
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', back);
      socket.disconnect();
      socketRef.current = null;
    };
  }, [presence, queryClient, router, trpc, user.id]);

  const value = useMemo<Realtime>(
    () => ({
      userId: user.id,
      connected,
      presence,
      open(conversationId) {
        const socket = socketRef.current;
        if (openRef.current === conversationId) return;
        if (socket && openRef.current) socket.emit('conversation.leave', openRef.current);
        openRef.current = conversationId;
        if (socket && conversationId) socket.emit('conversation.join', conversationId, () => {});
      },
      typing(conversationId, mode, typing) {
        socketRef.current?.emit('typing', { conversationId, mode, typing });
      },
    }),
    [connected, presence, user.id],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
