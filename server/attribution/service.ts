import { and, eq, gte, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contactEvents, conversations, messages, workspaces } from '@/db/schema';
import { credits, DEFAULT_ATTRIBUTION_WINDOW_HOURS, MAX_ATTRIBUTION_WINDOW_HOURS, neighbourhood, SEND_TYPES } from './policy';

export async function attributionWindowHours(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.settings.attributionWindowHours ?? DEFAULT_ATTRIBUTION_WINDOW_HOURS;
}

/**
 * Serialises everything that changes a contact's attribution (their messages arriving, sends
 * recorded for them), so each transaction sees the other's rows. Callers take it before they lock
 * any conversation row, so the order is always contact, then conversations.
 */
export async function lockContactAttribution(tx: Db, contactId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`attribution:${contactId}`}))`);
}

/** The name a send is filed under: the campaign's or flow's name its event carries. */
export const sendName = sql<string>`(${contactEvents.properties} ->> 'name')`;

/**
 * Puts a contact's credits right around a moment (a reply just stored, a send just recorded: its
 * event may arrive after the reply, a webhook after a later one), in the caller's transaction.
 * Returns the conversations whose credits changed.
 */
export async function attributeReplies(tx: Db, contactId: string, around: Date): Promise<string[]> {
  await lockContactAttribution(tx, contactId);
  // The sends that could matter, whatever window each was recorded with.
  const wide = neighbourhood(around, MAX_ATTRIBUTION_WINDOW_HOURS).read;
  const nearby = await tx
    .select({ id: contactEvents.id, at: contactEvents.occurredAt, windowHours: contactEvents.attributionWindowHours })
    .from(contactEvents)
    .where(
      and(
        eq(contactEvents.contactId, contactId),
        inArray(contactEvents.type, [...SEND_TYPES]),
        isNotNull(sendName),
        gte(contactEvents.occurredAt, wide.from),
        lte(contactEvents.occurredAt, wide.to),
      ),
    );
  const withWindow = nearby.map((s) => ({ ...s, windowHours: s.windowHours ?? DEFAULT_ATTRIBUTION_WINDOW_HOURS }));
  const { read, decide } = neighbourhood(around, Math.max(0, ...withWindow.map((s) => s.windowHours)));
  const sends = withWindow.filter((s) => s.at >= read.from && s.at <= read.to);
  // Most replies follow no campaign: one indexed read, and nothing more.
  if (sends.length === 0) return [];
  const replies = await tx
    .select({ id: messages.id, at: messages.sentAt, sendId: messages.attributedSendId, conversationId: messages.conversationId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(conversations.contactId, contactId), eq(messages.direction, 'inbound'), gte(messages.sentAt, read.from), lte(messages.sentAt, read.to)));
  const due = credits(sends, replies);
  const changes = replies.filter((r) => r.at >= decide.from && r.at <= decide.to && (due.get(r.id) ?? null) !== r.sendId);
  if (changes.length === 0) return [];

  const changed = new Set(changes.map((r) => r.conversationId));
  const granted = changes.flatMap((r) => {
    const sendId = due.get(r.id);
    return sendId ? [{ replyId: r.id, sendId }] : [];
  });
  // Withdraw first (these replies, and whichever reply a send now due elsewhere was credited to),
  // so a send is never held by two replies, not even for one statement.
  const withdrawn = await tx
    .update(messages)
    .set({ attributedSendId: null })
    .where(or(inArray(messages.id, changes.map((r) => r.id)), granted.length ? inArray(messages.attributedSendId, granted.map((g) => g.sendId)) : undefined))
    .returning({ conversationId: messages.conversationId });
  for (const w of withdrawn) changed.add(w.conversationId);
  for (const g of granted) await tx.update(messages).set({ attributedSendId: g.sendId }).where(eq(messages.id, g.replyId));

  // A conversation is filed under the campaign or flow of its latest credited reply.
  await tx
    .update(conversations)
    .set({
      attributedCampaign: sql`(select ${sendName} from ${messages} join ${contactEvents} on ${contactEvents.id} = ${messages.attributedSendId}
        where ${messages.conversationId} = ${conversations.id} order by ${messages.sentAt} desc limit 1)`,
    })
    .where(inArray(conversations.id, [...changed]));
  return [...changed];
}
