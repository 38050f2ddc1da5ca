import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from '@/server/conversations/view';
import type { ListConversationsInput } from '@/server/conversations/schemas';
import type { MessageView } from '@/server/messages/view';
import type { NoteView } from '@/server/notes/view';
import type { NotificationView } from '@/server/notifications/view';

type Page<T> = { data: T[]; nextCursor: string | null };
type QueryKey = readonly unknown[];

/** The input a tRPC query key was made with (`[path, { input, type }]`). */
const inputOf = <T,>(key: QueryKey): Partial<T> =>
  ((key[1] as { input?: Partial<T> } | undefined)?.input ?? {}) as Partial<T>;

// An empty first key (no deadline, not waiting) sorts after every moment, as on the server.
const NEVER = Number.POSITIVE_INFINITY;
const firstKeyOf: Record<ListConversationsInput['sort'], ((c: ConversationSummary) => number) | null> = {
  urgent: (c) => (c.nextDeadline ? Date.parse(c.nextDeadline.dueAt) : NEVER),
  waiting: (c) => (c.waitingSince ? Date.parse(c.waitingSince) : NEVER),
  newest: null,
};

/** The list's own order: its first key ascending (most urgent deadline, oldest waiting), then newest activity. */
function sortsBefore(a: ConversationSummary, b: ConversationSummary, sort: ListConversationsInput['sort'] | undefined): boolean {
  const first = firstKeyOf[sort ?? 'urgent'];
  if (first && first(a) !== first(b)) return first(a) < first(b);
  return Date.parse(a.lastMessageAt) > Date.parse(b.lastMessageAt);
}

/**
 * Whether a changed conversation is in the list `input` asks for, judged from the summary the
 * event carries: every filter that reads a field of it. A text search or a deadline state (which
 * moves with the clock) only the server can judge: `unknown`.
 */
function belongsTo(c: ConversationSummary, input: Partial<ListConversationsInput>, userId: string): boolean | 'unknown' {
  if (input.status && input.status !== c.status) return false;
  if (input.tab === 'mine' && c.assigneeId !== userId) return false;
  if (input.tab === 'unassigned' && c.assigneeId !== null) return false;
  if (input.channel && input.channel !== c.channel.kind) return false;
  if (input.assignee && (input.assignee === 'none' ? c.assigneeId !== null : c.assigneeId !== input.assignee)) return false;
  if (input.teamId && input.teamId !== c.teamId) return false;
  if (input.labelId && !c.labels.some((l) => l.id === input.labelId)) return false;
  if (input.unread && !c.unread) return false;
  if (input.search || input.deadline || input.campaign) return 'unknown';
  return true;
}

/**
 * Moves a changed conversation in every cached inbox list: out of lists it no longer belongs
 * to, into its place in those it does, by the list's own order. A list only the server can
 * judge (a search) keeps a row it already had, updated, and is asked again for one it did not
 * have. Otherwise no list is refetched; a place past the loaded pages is left to pagination.
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
    const input = inputOf<ListConversationsInput>(key);
    const row = { ...conversation, unread: opts.markUnread || (previous?.unread ?? false) };
    const belongs = belongsTo(row, input, opts.userId);
    if (belongs === 'unknown' && !previous) {
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    if (belongs) insertInOrder(pages, row, (a, b) => sortsBefore(a, b, input.sort));
    queryClient.setQueryData(key, { ...data, pages });
  }
}

function insertInOrder<T>(pages: Page<T>[], row: T, before: (a: T, b: T) => boolean): void {
  for (const [p, page] of pages.entries()) {
    const at = page.data.findIndex((other) => before(row, other));
    if (at >= 0) {
      pages[p] = { ...page, data: [...page.data.slice(0, at), row, ...page.data.slice(at)] };
      return;
    }
  }
  const last = pages.at(-1);
  if (last && last.nextCursor === null) pages[pages.length - 1] = { ...last, data: [...last.data, row] };
}

/**
 * What an event changed is fetched again, even a query whose first fetch is still on the wire:
 * invalidating alone would be absorbed by that fetch, whose answer may predate the event (a
 * conversation opened and answered at once kept showing no follow-up scheduled).
 */
export function refetchAfterEvent(queryClient: QueryClient, queryKey: QueryKey): void {
  void queryClient.cancelQueries({ queryKey }).then(() => queryClient.invalidateQueries({ queryKey }));
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

/**
 * Adds a message to its thread, or replaces it when it is already there (status updates).
 * `replaces` says whether the cached copy may give way: a mutation's answer can arrive after the
 * live event of what followed it (the worker sends at once), and must not turn "sent" back into
 * "queued", so a mutation passes what it expects to find; a live event replaces whatever is there.
 */
export function upsertThreadMessage(
  queryClient: QueryClient,
  threadPath: QueryKey,
  message: MessageView,
  replaces: (cached: MessageView) => boolean = () => true,
): void {
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<Page<MessageView>>>({ queryKey: threadPath })) {
    if (!data || inputOf<{ conversationId: string }>(key).conversationId !== message.conversationId) continue;
    const cached = data.pages.flatMap((p) => p.data).find((m) => m.id === message.id);
    if (cached && !replaces(cached)) continue;
    const pages = cached
      ? data.pages.map((p) => ({ ...p, data: p.data.map((m) => (m.id === message.id ? message : m)) }))
      : data.pages.map((p, i) => (i === 0 ? { ...p, data: [message, ...p.data] } : p));
    queryClient.setQueryData(key, { ...data, pages });
  }
}

/** Adds a note to its conversation's cached notes, once. */
export function appendNote(queryClient: QueryClient, notesPath: QueryKey, note: NoteView): void {
  for (const [key, data] of queryClient.getQueriesData<NoteView[]>({ queryKey: notesPath })) {
    if (!data || inputOf<{ conversationId: string }>(key).conversationId !== note.conversationId) continue;
    if (!data.some((n) => n.id === note.id)) queryClient.setQueryData(key, [...data, note]);
  }
}

/** A new notification on top of the bell's first page, once. */
export function prependNotification(queryClient: QueryClient, listPath: QueryKey, n: NotificationView): void {
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<Page<NotificationView>>>({ queryKey: listPath })) {
    if (!data || data.pages.some((p) => p.data.some((x) => x.id === n.id))) continue;
    queryClient.setQueryData(key, { ...data, pages: data.pages.map((p, i) => (i === 0 ? { ...p, data: [n, ...p.data] } : p)) });
  }
}

export function markNotificationsRead(queryClient: QueryClient, listPath: QueryKey, ids: string[], at: string): void {
  const read = new Set(ids);
  queryClient.setQueriesData<InfiniteData<Page<NotificationView>>>({ queryKey: listPath }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, data: p.data.map((n) => (read.has(n.id) && !n.readAt ? { ...n, readAt: at } : n)) })) } : data,
  );
}
