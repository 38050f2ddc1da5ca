import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from '@/server/conversations/view';
import type { ListConversationsInput } from '@/server/conversations/schemas';
import type { MessageView } from '@/server/messages/view';

type Page<T> = { data: T[]; nextCursor: string | null };
type QueryKey = readonly unknown[];

/** The input a tRPC query key was made with (`[path, { input, type }]`). */
const inputOf = <T,>(key: QueryKey): Partial<T> =>
  ((key[1] as { input?: Partial<T> } | undefined)?.input ?? {}) as Partial<T>;

function belongsTo(c: ConversationSummary, input: Partial<ListConversationsInput>, userId: string): boolean {
  if (input.status && input.status !== c.status) return false;
  if (input.tab === 'mine') return c.assigneeId === userId;
  if (input.tab === 'unassigned') return c.assigneeId === null;
  return true;
}

/**
 * Moves a changed conversation in every cached inbox list: out of lists it no longer belongs
 * to, to the top of those it does (lists sort by newest activity). No list is refetched.
 */
export function patchConversationLists(
  queryClient: QueryClient,
  listPath: QueryKey,
  conversation: ConversationSummary,
  opts: { userId: string; markUnread: boolean },
): void {
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<Page<ConversationSummary>>>({ queryKey: listPath })) {
    if (!data) continue;
    let previous: ConversationSummary | undefined;
    const pages = data.pages.map((p) => ({
      ...p,
      data: p.data.filter((c) => {
        if (c.id !== conversation.id) return true;
        previous = c;
        return false;
      }),
    }));
    if (belongsTo(conversation, inputOf<ListConversationsInput>(key), opts.userId) && pages[0]) {
      const unread = opts.markUnread || (previous?.unread ?? false);
      pages[0] = { ...pages[0], data: [{ ...conversation, unread }, ...pages[0].data] };
    }
    queryClient.setQueryData(key, { ...data, pages });
  }
}

export function setConversationRead(queryClient: QueryClient, listPath: QueryKey, conversationId: string): void {
  queryClient.setQueriesData<InfiniteData<Page<ConversationSummary>>>({ queryKey: listPath }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            data: p.data.map((c) => (c.id === conversationId ? { ...c, unread: false } : c)),
          })),
        }
      : data,
  );
}

/** Adds a message to its thread, or replaces it when it is already there (status updates). */
export function upsertThreadMessage(queryClient: QueryClient, threadPath: QueryKey, message: MessageView): void {
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<Page<MessageView>>>({ queryKey: threadPath })) {
    if (!data || inputOf<{ conversationId: string }>(key).conversationId !== message.conversationId) continue;
    const exists = data.pages.some((p) => p.data.some((m) => m.id === message.id));
    const pages = exists
      ? data.pages.map((p) => ({ ...p, data: p.data.map((m) => (m.id === message.id ? message : m)) }))
      : data.pages.map((p, i) => (i === 0 ? { ...p, data: [message, ...p.data] } : p));
    queryClient.setQueryData(key, { ...data, pages });
  }
}
