import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contactEvents, conversations, messages, workspaces } from '@/db/schema';
import { DEFAULT_ATTRIBUTION_WINDOW_HOURS, newAttributions, SEND_TYPES } from './policy';

export async function attributionWindowHours(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.settings.attributionWindowHours ?? DEFAULT_ATTRIBUTION_WINDOW_HOURS;
}

/**
 * Credits a contact's replies to the campaign and flow sends before them (SPEC §10), in the
 * caller's transaction, around a moment: a reply just stored, or a send just recorded (its event
 * may arrive after the reply). Returns the conversations whose attributed campaign changed.
 */
export async function attributeReplies(tx: Db, workspaceId: string, contactId: string, around: Date): Promise<string[]> {
  const windowHours = await attributionWindowHours(tx, workspaceId);
  const span = windowHours * 3_600_000;
  const from = new Date(around.getTime() - span);
  const to = new Date(around.getTime() + span);
  const inRange = (column: typeof contactEvents.occurredAt | typeof messages.sentAt) => and(gte(column, from), lte(column, to));
  const sendsNear = () =>
    tx
      .select({ id: contactEvents.id, at: contactEvents.occurredAt })
      .from(contactEvents)
      .where(and(eq(contactEvents.contactId, contactId), inArray(contactEvents.type, [...SEND_TYPES]), inRange(contactEvents.occurredAt)));
  // Most replies follow no campaign: one indexed read, and nothing more.
  if ((await sendsNear()).length === 0) return [];
  // One contact at a time: a webhook and a send event racing must not credit one send twice.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`attribution:${contactId}`}))`);
  const sends = await sendsNear();
  const replies = await tx
    .select({ id: messages.id, at: messages.sentAt, sendId: messages.attributedSendId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(conversations.contactId, contactId), eq(messages.direction, 'inbound'), inRange(messages.sentAt)));
  const changed = new Set<string>();
  for (const credit of newAttributions(sends, replies, windowHours)) {
    const [row] = await tx
      .update(messages)
      .set({ attributedSendId: credit.sendId })
      .where(and(eq(messages.id, credit.replyId), isNull(messages.attributedSendId)))
      .returning({ conversationId: messages.conversationId });
    if (row) changed.add(row.conversationId);
  }
  if (changed.size === 0) return [];
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

/** The name a send is filed under: the campaign's or flow's name its event carries. */
export const sendName = sql<string>`(${contactEvents.properties} ->> 'name')`;
