'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';
import { listInput, type InboxView } from './view';

/** The inbox list's rows for a view (one cached query, however many components ask). */
export function useInboxRows(view: InboxView) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(listInput(view), { getNextPageParam: (last) => last.nextCursor }),
  );
  return { query, rows: query.data?.pages.flatMap((p) => p.data) ?? [] };
}
