'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/realtime/events';
import { useTRPC } from '../trpc';
import { patchConversationLists, upsertThreadMessage } from './cache';

type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket per tab: events patch the tRPC query cache in place, so lists and threads update
 * within the second, with no refetch and no flicker.
 */
export function useRealtime(userId: string, openConversationId: string | null): { connected: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(true);
  const socketRef = useRef<RealtimeSocket | null>(null);
  const openRef = useRef(openConversationId);
  openRef.current = openConversationId;

  useEffect(() => {
    const socket: RealtimeSocket = io({ withCredentials: true });
    socketRef.current = socket;
    const listPath = trpc.conversations.list.pathKey();
    const threadPath = trpc.messages.thread.pathKey();
    socket.on('connect', () => {
      setConnected(true);
      if (openRef.current) socket.emit('conversation.join', openRef.current, () => {});
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('message.created', ({ message, conversation }) => {
      upsertThreadMessage(queryClient, threadPath, message);
      const markUnread = message.direction === 'inbound' && openRef.current !== conversation.id;
      // The contact wrote: the channel window changed. We wrote: a protocol stage may be met.
      const changed = message.direction === 'inbound' ? trpc.windows.state : trpc.protocols.deadlines;
      void queryClient.invalidateQueries({ queryKey: changed.queryKey({ conversationId: conversation.id }) });
      if (markUnread) void queryClient.invalidateQueries({ queryKey: trpc.conversations.unreadCount.queryKey() });
      patchConversationLists(queryClient, listPath, conversation, { userId, markUnread });
    });
    socket.on('message.updated', ({ message }) => upsertThreadMessage(queryClient, threadPath, message));
    socket.on('conversation.updated', ({ conversation }) => {
      patchConversationLists(queryClient, listPath, conversation, { userId, markUnread: false });
      queryClient.setQueryData(trpc.conversations.get.queryKey({ conversationId: conversation.id }), (old) => (old ? { ...old, ...conversation, unread: old.unread } : old));
      void queryClient.invalidateQueries({ queryKey: trpc.protocols.deadlines.queryKey({ conversationId: conversation.id }) });
    });
    // Aggregates are small and change rarely: these are refetched, not patched.
    socket.on('team.changed', () => void queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() }));
    socket.on('notice.created', () => void queryClient.invalidateQueries({ queryKey: trpc.protocols.notices.queryKey() }));
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [queryClient, trpc, userId]);

  useEffect(() => {
    const socket = socketRef.current;
    if (!socket || !openConversationId) return;
    socket.emit('conversation.join', openConversationId, () => {});
    return () => {
      socket.emit('conversation.leave', openConversationId);
    };
  }, [openConversationId]);

  return { connected };
}
