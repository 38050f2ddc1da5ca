'use client';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTRPC, useTRPCClient } from '../trpc';

// A prefetched screen older than this is shown at once and fetched again behind it.
const FRESH_MS = 10_000;

/** The cache key of a conversation's first screen (realtime restarts one that is still loading). */
export const firstScreenKey = (conversationId: string) => ['thread.firstScreen', conversationId] as const;

/**
 * The first screen of a conversation in one request (`thread.open`), filed under each query
 * its parts answer (conversation, messages, notes, deadlines, window, templates, contact), so
 * the thread's components find them in the cache and realtime keeps them fresh as before.
 * `prefetch` gets a neighbour's ready before it is opened.
 */
export function useFirstScreen() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const options = useCallback(
    (conversationId: string) => ({
      queryKey: firstScreenKey(conversationId),
      staleTime: FRESH_MS,
      // Aborted when a live message restarts it: the old answer must never be filed after the new.
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const askedAt = Date.now();
        const s = await client.thread.open.query({ conversationId }, { signal });
        const input = { conversationId };
        const file = <T,>(queryKey: QueryKey, data: T) => {
          // A live event filed under this query while the request was in flight may be missing from
          // the answer, read before it: the answer is shown, and that part read again behind it.
          const touched = (queryClient.getQueryState(queryKey)?.dataUpdatedAt ?? 0) >= askedAt;
          queryClient.setQueryData(queryKey, data);
          if (touched) void queryClient.invalidateQueries({ queryKey, exact: true });
        };
        file(trpc.conversations.get.queryKey(input), s.conversation);
        file(trpc.messages.thread.infiniteQueryKey(input), { pages: [s.thread], pageParams: [null] });
        file(trpc.notes.list.queryKey(input), s.notes);
        file(trpc.protocols.deadlines.queryKey(input), s.deadlines);
        file(trpc.windows.state.queryKey(input), s.window);
        file(trpc.templates.forConversation.queryKey(input), s.templates);
        file(trpc.contacts.panel.queryKey(input), s.contact);
        return true;
      },
    }),
    [client, queryClient, trpc],
  );
  const prefetch = useCallback((conversationId: string) => void queryClient.prefetchQuery(options(conversationId)), [options, queryClient]);
  return useMemo(() => ({ options, prefetch }), [options, prefetch]);
}
