import { and, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { preparedFor } from '@/db/prepared';
import { channels, contacts, conversationReads, conversations, teams, users } from '@/db/schema';
import { conversationNotFound, visibleTo, type ReadableConversation } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { Audience } from '@/server/realtime/rooms';
import { fromNextDeadline, nextDeadlineOf } from '@/server/protocols/view';
import { decodeCursor, keysetPage, type Keyset } from '@/server/pagination/cursor';
import { landingTab } from './landing';
import type { InboxTab, ListConversationsInput } from './schemas';
import { parseSearch, SEARCH_WINDOW, searchCondition, searchHits, textMatch } from './search';
import { iso, type ConversationSummary } from './view';

// Every column but the search vector: all of a conversation's words, read by the index alone.
const { searchVector, ...summaryColumns } = getTableColumns(conversations);

function summaryQuery(db: Db, userId: string | null) {
  const unread = userId ? sql<boolean>`${unreadCondition}` : sql<boolean>`false`;
  const query = db
    .select({
      c: summaryColumns,
      channel: { id: channels.id, kind: channels.kind, name: channels.name },
      contact: {
        id: contacts.id,
        name: contacts.name,
        phone: contacts.phone,
        email: contacts.email,
        timeZone: contacts.timeZone,
        locale: contacts.locale,
        blocked: contacts.blocked,
        consent: contacts.consent,
      },
      assigneeName: users.name,
      teamVisibility: teams.visibility,
      unread,
      // Labels and the next deadline in the same statement, not second queries: for the page's
      // rows only, since PostgreSQL evaluates a sub-select of the select list after the sort and limit.
      labels: sql<{ id: string; name: string; color: string }[]>`coalesce((
        select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by l.name)
        from conversation_labels cl join labels l on l.id = cl.label_id
        where cl.conversation_id = ${conversations.id}), '[]'::json)`,
      nextDeadline: nextDeadlineOf(conversations.id),
    })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .leftJoin(
      conversationReads,
      and(
        eq(conversationReads.conversationId, conversations.id),
        eq(conversationReads.userId, userId ?? sql`null`),
      ),
    );
  return query;
}

type SummaryRow = Awaited<ReturnType<typeof summaryQuery>>[number];

function toSummary(row: SummaryRow, withUnread: boolean): ConversationSummary {
  const { c } = row;
  return {
    id: c.id,
    workspaceId: c.workspaceId,
    status: c.status,
    snoozedUntil: iso(c.snoozedUntil),
    assigneeId: c.assigneeId,
    assigneeName: row.assigneeName,
    teamId: c.teamId,
    channel: row.channel,
    contact: row.contact,
    lastMessageAt: c.lastMessageAt.toISOString(),
    lastInboundAt: iso(c.lastInboundAt),
    lastOutboundAt: iso(c.lastOutboundAt),
    waitingSince: iso(c.waitingSince),
    lastMessagePreview: c.lastMessagePreview,
    nextDeadline: row.nextDeadline && fromNextDeadline(row.nextDeadline),
    labels: row.labels,
    attributedCampaign: c.attributedCampaign,
    ...(withUnread ? { unread: Boolean(row.unread) } : {}),
  };
}

function tabCondition(tab: ListConversationsInput['tab'], userId: string): SQL | undefined {
  if (tab === 'mine') return eq(conversations.assigneeId, userId);
  if (tab === 'unassigned') return isNull(conversations.assigneeId);
  return undefined;
}

// In a cursor, an empty first key (no open deadline, not waiting: sorted after every moment) is written as this moment.
const NEVER = new Date('9999-12-31T00:00:00.000Z');

function deadlineCondition(state: ListConversationsInput['deadline'], now: Date): SQL | undefined {
  const soon = new Date(now.getTime() + 3_600_000).toISOString();
  const at = now.toISOString();
  if (state === 'overdue') return sql`${conversations.nextDueAt} <= ${at}::timestamptz`;
  if (state === 'due_1h') return sql`${conversations.nextDueAt} > ${at}::timestamptz and ${conversations.nextDueAt} <= ${soon}::timestamptz`;
  if (state === 'on_track') return sql`${conversations.nextDueAt} > ${soon}::timestamptz`;
  if (state === 'none') return isNull(conversations.nextDueAt);
  return undefined;
}

const unreadCondition = sql`(${conversations.lastInboundArrivedAt} is not null and (${conversationReads.lastReadAt} is null or ${conversationReads.lastReadAt} < ${conversations.lastInboundArrivedAt}))`;

/**
 * The orders of the inbox (SPEC §2). `urgent` and `waiting` sort by a moment that may be empty
 * (ascending, empty last), then newest activity; `newest` by activity alone. Each has its index.
 */
const firstKey = { urgent: conversations.nextDueAt, waiting: conversations.waitingSince } as const;

/**
 * What a list's statement is given, read before it: the ids a text search lists from
 * (`textSearchHits`), and the workspace's channels of the kind asked. By its channel's id a list
 * walks `conversations_inbox_channel_urgency_idx` in order; by the kind through a join it could
 * not, and a channel + label page read every conversation the label marks (139 ms p95 at 1M).
 * Without them the same rows are found by the words and the kind themselves.
 */
export type ListLookups = { hits?: string[] | null; channelIds?: string[] | null };

/** The workspace's channels of one kind, for `ListLookups`; unexecuted, for the benchmark. */
export function channelsOfKindQuery(db: Db, workspaceId: string, kind: NonNullable<ListConversationsInput['channel']>) {
  return db.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.kind, kind)));
}

async function channelIdsOf(db: Db, user: SessionUser, input: ListConversationsInput): Promise<string[] | null> {
  return input.channel ? (await channelsOfKindQuery(db, user.workspaceId, input.channel)).map((c) => c.id) : null;
}

/** What the inbox list filters by (all but the order and the page size); `text` is the search's condition. */
function listConditions(db: Db, user: SessionUser, input: ListConversationsInput, now: Date, text: SQL | undefined, channelIds: string[] | null | undefined) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  return and(
    visibleTo(db, user),
    input.status ? eq(conversations.status, input.status) : undefined,
    tabCondition(input.tab, user.id),
    input.channel ? (channelIds ? inArray(conversations.channelId, channelIds) : eq(channels.kind, input.channel)) : undefined,
    input.assignee === 'none' ? isNull(conversations.assigneeId) : input.assignee ? eq(conversations.assigneeId, input.assignee) : undefined,
    text,
    input.unread ? unreadCondition : undefined,
    input.teamId ? eq(conversations.teamId, input.teamId) : undefined,
    input.labelId ? sql`${conversations.id} in (select conversation_id from conversation_labels where label_id = ${input.labelId})` : undefined,
    input.campaign ? eq(conversations.attributedCampaign, input.campaign) : undefined,
    deadlineCondition(input.deadline, now),
    after ? (input.sort === 'newest' ? afterNewest(after) : afterFirstKey(input.sort, after)) : undefined,
  );
}

function listOrder(sort: ListConversationsInput['sort']) {
  const first = sort === 'newest' ? null : firstKey[sort];
  return first
    ? [sql`${first} asc nulls last`, desc(conversations.lastMessageAt), desc(conversations.id)]
    : [desc(conversations.lastMessageAt), desc(conversations.id)];
}

/** The inbox list's query, unexecuted (the benchmark explains exactly this SQL). */
export function listQuery(db: Db, user: SessionUser, input: ListConversationsInput, now: Date, lookups: ListLookups = {}) {
  const text = input.search ? searchCondition(user.workspaceId, parseSearch(input.search), lookups.hits ?? null) : undefined;
  return summaryQuery(db, user.id)
    .where(listConditions(db, user, input, now, text, lookups.channelIds))
    .orderBy(...listOrder(input.sort))
    .limit(input.limit + 1);
}

/**
 * The ids of a newest-first text search's page (and the row after it), looked for among the first
 * `window` conversations of the list without the search. The recent index walks the newest-first
 * order whatever else filters it, and stops as soon as the page is found, so a common word costs a
 * page, not all its matches. Exact when it finds the whole page: the window is the start of the
 * list. Newest-first lists only; unexecuted, for the benchmark.
 */
export function windowHitsQuery(db: Db, user: SessionUser, input: ListConversationsInput, now: Date, query: string, window: number, channelIds?: string[] | null) {
  const recent = db
    .select({ id: conversations.id, lastMessageAt: conversations.lastMessageAt, searchVector: conversations.searchVector })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(conversationReads, and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, user.id)))
    .where(listConditions(db, user, input, now, undefined, channelIds))
    .orderBy(...listOrder('newest'))
    .limit(window)
    .as('recent');
  // The same order again, which PostgreSQL takes from the window as it comes (no sort of it).
  return db
    .select({ id: recent.id })
    .from(recent)
    .where(textMatch(query, recent.searchVector))
    .orderBy(desc(recent.lastMessageAt), desc(recent.id))
    .limit(input.limit + 1);
}

/**
 * The ids a text search lists from, or null to filter the list order by the words: a newest-first
 * page found in its window, else what `searchHits` finds.
 */
export async function textSearchHits(
  db: Db,
  user: SessionUser,
  input: ListConversationsInput,
  now: Date,
  window = SEARCH_WINDOW,
  channelIds?: string[] | null,
): Promise<string[] | null> {
  const search = parseSearch(input.search ?? '');
  if (search.kind !== 'text') return null;
  if (input.sort === 'newest') {
    const page = await windowHitsQuery(db, user, input, now, search.query, window, channelIds);
    if (page.length > input.limit) return page.map((r) => r.id);
  }
  return searchHits(db, user.workspaceId, search);
}

/**
 * A page whose best plan depends on how many rows a filter's value picks: a label (one on 0.1 % of
 * the conversations is read label first, a common one by walking the list's order), a campaign, a
 * search, a deadline state. The others (a tab, a status, a team, an assignee, a channel, unread)
 * are walked through the same index whatever their values, so their statement is prepared and
 * PostgreSQL's generic plan spares its planning, the larger part of its time on such a page
 * (bench:inbox, Mine + open).
 */
const plannedForItsValues = (input: ListConversationsInput) => Boolean(input.labelId || input.campaign || input.search || input.deadline);

/** The inbox list in the order asked, keyset-paginated, scoped to what the user may read. */
export async function listConversations(db: Db, user: SessionUser, input: ListConversationsInput, now: Date, window = SEARCH_WINDOW) {
  const channelIds = await channelIdsOf(db, user, input);
  const hits = input.search ? await textSearchHits(db, user, input, now, window, channelIds) : null;
  const query = listQuery(db, user, input, now, { hits, channelIds });
  const rows = await (plannedForItsValues(input) ? query : query.prepare('inbox_list').execute());
  const firstOf = (r: (typeof rows)[number]) => (input.sort === 'urgent' ? r.c.nextDueAt : r.c.waitingSince);
  return keysetPage(
    rows,
    input.limit,
    (r) => (input.sort === 'newest' ? { at: r.c.lastMessageAt, id: r.c.id } : { at: firstOf(r) ?? NEVER, then: r.c.lastMessageAt, id: r.c.id, order: input.sort }),
    (r) => toSummary(r, true),
  );
}

const wrongOrder = () => new AppError('INVALID_INPUT', 'cursor: not a cursor of this sort order');

function afterNewest(k: Keyset) {
  if (k.then) throw wrongOrder();
  return sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${k.at.toISOString()}::timestamptz, ${k.id}::uuid)`;
}

/** The first key ascending (empty last), then newest activity and id descending: the rows after a cursor. */
function afterFirstKey(sort: keyof typeof firstKey, k: Keyset) {
  // A cursor cut before cursors named their sort is an urgent one: that was the only such sort.
  if (!k.then || (k.order ?? 'urgent') !== sort) throw wrongOrder();
  const first = firstKey[sort];
  const rest = sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${k.then.toISOString()}::timestamptz, ${k.id}::uuid)`;
  if (k.at.getTime() === NEVER.getTime()) return sql`(${first} is null and ${rest})`;
  const at = sql`${k.at.toISOString()}::timestamptz`;
  return sql`(${first} > ${at} or ${first} is null or (${first} = ${at} and ${rest}))`;
}

/** One conversation's summary, if the user may read it (the access rule), or NOT_FOUND. */
export async function getConversation(db: Db, user: SessionUser, conversationId: string) {
  const [row] = await summaryQuery(db, user.id)
    .where(and(visibleTo(db, user), eq(conversations.id, conversationId)))
    .limit(1);
  if (!row) throw conversationNotFound();
  return toSummary(row, true);
}

/** The summary and audience of a conversation, for a broadcast after a change. */
export async function conversationForBroadcast(
  db: Db,
  conversationId: string,
): Promise<{ summary: ConversationSummary; audience: Audience }> {
  const byId = preparedFor(db, 'conversation-for-broadcast', (db) =>
    summaryQuery(db, null).where(eq(conversations.id, sql.placeholder('id'))).limit(1).prepare('conversation_for_broadcast'),
  );
  const [row] = await byId.execute({ id: conversationId });
  if (!row) throw new AppError('NOT_FOUND', 'conversation: no such conversation');
  return {
    summary: toSummary(row, false),
    audience: {
      workspaceId: row.c.workspaceId,
      teamId: row.c.teamId,
      teamVisibility: row.teamVisibility,
      assigneeId: row.c.assigneeId,
    },
  };
}

export async function markRead(db: Db, user: SessionUser, conversation: ReadableConversation, now: Date): Promise<void> {
  await db
    .insert(conversationReads)
    .values({ userId: user.id, conversationId: conversation.id, lastReadAt: now })
    .onConflictDoUpdate({
      target: [conversationReads.userId, conversationReads.conversationId],
      set: { lastReadAt: now },
    });
}

/** How many conversations (not messages) the user has unread, in the open inbox they can see. */
export async function unreadCount(db: Db, user: SessionUser): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .leftJoin(conversationReads, and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, user.id)))
    .where(and(visibleTo(db, user), eq(conversations.status, 'open'), unreadCondition));
  return row?.n ?? 0;
}

/** The tab the inbox opens on when the URL names none (SPEC §17): by the user's role and what they have assigned. */
export async function landingTabFor(db: Db, user: SessionUser): Promise<InboxTab> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, user.workspaceId), eq(conversations.assigneeId, user.id), inArray(conversations.status, ['open', 'snoozed'])));
  return landingTab(user.role, row?.n ?? 0);
}
