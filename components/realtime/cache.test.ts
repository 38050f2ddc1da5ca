import { QueryClient, QueryObserver, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '@/server/conversations/view';
import type { MessageView } from '@/server/messages/view';
import { patchConversationLists, refetchAfterEvent, upsertThreadMessage } from './cache';

type Page = { data: ConversationSummary[]; nextCursor: string | null };
const listPath = [['conversations', 'list']] as const;

function summary(id: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    workspaceId: 'w',
    status: 'open',
    snoozedUntil: null,
    assigneeId: null,
    assigneeName: null,
    teamId: null,
    channel: { id: 'ch', kind: 'sandbox', name: 'Sandbox' },
    contact: { id: `c-${id}`, name: id, phone: null, email: null, timeZone: null, locale: null, blocked: false, consent: 'unknown' },
    lastMessageAt: '2026-11-21T10:00:00.000Z',
    lastInboundAt: null,
    lastOutboundAt: null,
    waitingSince: null,
    lastMessagePreview: null,
    nextDeadline: null,
    labels: [],
    attributedCampaign: null,
    unread: false,
    ...over,
  };
}
const due = (iso: string) => ({
  id: `d-${iso}`, protocol: 'P', stage: 'S', status: 'pending' as const, enforcement: 'required' as const, clock: 'calendar' as const,
  zone: 'UTC', quietHours: { start: '21:00', end: '09:00' }, startedAt: '2026-11-21T00:00:00.000Z', dueAt: iso, metAt: null,
});

function seed(client: QueryClient, input: Record<string, unknown>, rows: ConversationSummary[], nextCursor: string | null = null) {
  const key = [['conversations', 'list'], { input, type: 'infinite' }];
  client.setQueryData<InfiniteData<Page>>(key, { pages: [{ data: rows, nextCursor }], pageParams: [null] });
  return () => client.getQueryData<InfiniteData<Page>>(key)!.pages.flatMap((p) => p.data.map((c) => c.id));
}

describe('patching cached inbox lists from realtime events', () => {
  it('puts a conversation in its place by urgency, and out of a status it left', () => {
    const client = new QueryClient();
    const open = seed(client, { tab: 'all', status: 'open', sort: 'urgent' }, [
      summary('a', { nextDeadline: due('2026-11-21T11:00:00.000Z') }),
      summary('b', { nextDeadline: due('2026-11-21T13:00:00.000Z') }),
      summary('c'),
    ]);
    const closed = seed(client, { tab: 'all', status: 'closed', sort: 'urgent' }, [summary('z', { status: 'closed' })]);
    patchConversationLists(client, listPath, summary('n', { nextDeadline: due('2026-11-21T12:00:00.000Z') }), { userId: 'u', markUnread: true });
    expect(open()).toEqual(['a', 'n', 'b', 'c']);
    patchConversationLists(client, listPath, summary('z', { status: 'open', lastMessageAt: '2026-11-21T12:00:00.000Z' }), { userId: 'u', markUnread: false });
    expect(closed()).toEqual([]);
    expect(open()).toEqual(['a', 'n', 'b', 'z', 'c']);
  });

  it('keeps Mine to my conversations and newest-first lists newest first', () => {
    const client = new QueryClient();
    const mine = seed(client, { tab: 'mine', status: 'open', sort: 'newest' }, [summary('m', { assigneeId: 'u' })]);
    patchConversationLists(client, listPath, summary('other', { assigneeId: 'v', lastMessageAt: '2026-11-21T12:00:00.000Z' }), { userId: 'u', markUnread: false });
    patchConversationLists(client, listPath, summary('mine2', { assigneeId: 'u', lastMessageAt: '2026-11-21T12:00:00.000Z' }), { userId: 'u', markUnread: false });
    expect(mine()).toEqual(['mine2', 'm']);
  });

  it('keeps oldest-waiting lists oldest first, answered ones after by newest activity', () => {
    const client = new QueryClient();
    const waiting = seed(client, { tab: 'all', status: 'open', sort: 'waiting' }, [
      summary('early', { waitingSince: '2026-11-21T08:00:00.000Z' }),
      summary('late', { waitingSince: '2026-11-21T11:00:00.000Z' }),
      summary('answered', { lastMessageAt: '2026-11-21T09:00:00.000Z' }),
    ]);
    patchConversationLists(client, listPath, summary('new', { waitingSince: '2026-11-21T09:30:00.000Z', lastMessageAt: '2026-11-21T09:30:00.000Z' }), { userId: 'u', markUnread: true });
    expect(waiting()).toEqual(['early', 'new', 'late', 'answered']);
    // Answered: it leaves its waiting place for the answered part, newest first.
    patchConversationLists(client, listPath, summary('early', { lastMessageAt: '2026-11-21T12:00:00.000Z' }), { userId: 'u', markUnread: false });
    expect(waiting()).toEqual(['new', 'late', 'early', 'answered']);
  });

  it('leaves a row whose place is past the loaded pages to pagination', () => {
    const client = new QueryClient();
    const list = seed(client, { tab: 'all', status: 'open', sort: 'newest' }, [summary('a', { lastMessageAt: '2026-11-21T12:00:00.000Z' })], 'more');
    patchConversationLists(client, listPath, summary('old', { lastMessageAt: '2026-11-01T00:00:00.000Z' }), { userId: 'u', markUnread: false });
    expect(list()).toEqual(['a']);
  });
});

describe('live rows in filtered lists', () => {
  it('a channel, label, team, assignee or unread filter keeps out what it does not show, and lets out what leaves it', () => {
    const client = new QueryClient();
    const sandbox = seed(client, { tab: 'all', status: 'open', sort: 'newest', channel: 'sandbox' }, []);
    const labelled = seed(client, { tab: 'all', status: 'open', sort: 'newest', labelId: 'vip' }, [summary('l', { labels: [{ id: 'vip', name: 'VIP', color: '#f00' }] })]);
    const team = seed(client, { tab: 'all', status: 'open', sort: 'newest', teamId: 't1' }, []);
    const luis = seed(client, { tab: 'all', status: 'open', sort: 'newest', assignee: 'luis' }, []);
    const unread = seed(client, { tab: 'all', status: 'open', sort: 'newest', unread: true }, []);
    const whatsapp = summary('w', { channel: { id: 'ch2', kind: 'whatsapp', name: 'WhatsApp' }, teamId: 't2', assigneeId: 'ana' });
    patchConversationLists(client, listPath, whatsapp, { userId: 'u', markUnread: false });
    expect([sandbox(), team(), luis(), unread()]).toEqual([[], [], [], []]);
    patchConversationLists(client, listPath, summary('s', { teamId: 't1', assigneeId: 'luis' }), { userId: 'u', markUnread: true });
    expect([sandbox(), team(), luis(), unread()]).toEqual([['s'], ['s'], ['s'], ['s']]);
    // The label taken off: the row leaves the label's list.
    patchConversationLists(client, listPath, summary('l'), { userId: 'u', markUnread: false });
    expect(labelled()).toEqual([]);
  });

  it('a search keeps and updates a row it had, and asks the server again about one it did not have', async () => {
    const client = new QueryClient();
    const input = { tab: 'all', status: 'open', sort: 'newest', search: 'cita' };
    const searched = seed(client, input, [summary('had', { lastMessagePreview: 'una cita' })]);
    const state = () => client.getQueryState([['conversations', 'list'], { input, type: 'infinite' }])!;
    patchConversationLists(client, listPath, summary('had', { lastMessagePreview: 'otra cita', lastMessageAt: '2026-11-21T12:00:00.000Z' }), { userId: 'u', markUnread: true });
    expect(searched()).toEqual(['had']);
    expect(client.getQueryData<InfiniteData<Page>>([['conversations', 'list'], { input, type: 'infinite' }])!.pages[0]!.data[0]).toMatchObject({ lastMessagePreview: 'otra cita', unread: true });
    expect(state().isInvalidated).toBe(false);
    patchConversationLists(client, listPath, summary('unrelated', { lastMessagePreview: 'hola' }), { userId: 'u', markUnread: true });
    expect(searched()).toEqual(['had']);
    expect(state().isInvalidated).toBe(true);
  });
});

describe('upserting a message into its cached thread', () => {
  const threadPath = [['messages', 'thread']] as const;
  const message = (status: MessageView['status']): MessageView => ({
    id: '00000000-0000-4000-8000-000000000001', conversationId: '00000000-0000-4000-8000-0000000000c1', direction: 'outbound', authorKind: 'agent',
    authorId: null, kind: 'free_form', tag: null, body: 'Hola', status, providerMessageId: null, error: null, retryable: false,
    sentAt: '2026-11-21T10:00:00.000Z', sentAtFromArrival: false, attachments: [],
  });
  function thread(client: QueryClient) {
    const key = [['messages', 'thread'], { input: { conversationId: message('queued').conversationId }, type: 'infinite' }];
    client.setQueryData<InfiniteData<{ data: MessageView[]; nextCursor: string | null }>>(key, { pages: [{ data: [], nextCursor: null }], pageParams: [null] });
    return () => client.getQueryData<InfiniteData<{ data: MessageView[] }>>(key)!.pages.flatMap((p) => p.data.map((m) => m.status));
  }

  it('a send\'s answer arriving after the live "sent" leaves it sent; alone, it adds the queued message', () => {
    const client = new QueryClient();
    const statuses = thread(client);
    upsertThreadMessage(client, threadPath, message('sent'));
    upsertThreadMessage(client, threadPath, message('queued'), () => false);
    expect(statuses()).toEqual(['sent']);

    const other = new QueryClient();
    const alone = thread(other);
    upsertThreadMessage(other, threadPath, message('queued'), () => false);
    expect(alone()).toEqual(['queued']);
    upsertThreadMessage(other, threadPath, message('delivered'));
    expect(alone()).toEqual(['delivered']);
  });

  it('a retry\'s answer replaces only the failed copy it retried', () => {
    const client = new QueryClient();
    const statuses = thread(client);
    upsertThreadMessage(client, threadPath, message('failed'));
    upsertThreadMessage(client, threadPath, message('queued'), (cached) => cached.status === 'failed');
    expect(statuses()).toEqual(['queued']);
    upsertThreadMessage(client, threadPath, message('sent'));
    upsertThreadMessage(client, threadPath, message('queued'), (cached) => cached.status === 'failed');
    expect(statuses()).toEqual(['sent']);
  });
});

describe('refetching what an event changed', () => {
  it('fetches again a query whose first answer was still on the wire, so the answer after the event is what shows', async () => {
    const client = new QueryClient();
    const key = [['followups', 'timeline'], { input: { conversationId: 'c' }, type: 'query' }];
    let release!: (rows: string[]) => void;
    const answers = [new Promise<string[]>((resolve) => (release = resolve)), Promise.resolve(['scheduled'])];
    let calls = 0;
    // An observer, as the mounted timeline is: invalidation refetches active queries only.
    const observer = new QueryObserver(client, { queryKey: key, queryFn: () => answers[calls++]! });
    const unsubscribe = observer.subscribe(() => {});
    // The event arrives while the first fetch is still out; its answer predates the event.
    refetchAfterEvent(client, key);
    release([]);
    await expect.poll(() => client.getQueryData(key)).toEqual(['scheduled']);
    expect(calls).toBe(2);
    unsubscribe();
  });
});
