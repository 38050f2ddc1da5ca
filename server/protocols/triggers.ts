import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, conversations, protocolRuns, protocols } from '@/db/schema';
import { startRun, stopRuns, type NewBreach } from './service';

/** What starts and stops protocols (SPEC §4), each returning the conversations it touched. */
export type TriggerResult = { conversationIds: string[]; breaches: NewBreach[] };

async function activeProtocols(db: Db, workspaceId: string, trigger: string) {
  return db
    .select()
    .from(protocols)
    .where(and(eq(protocols.workspaceId, workspaceId), eq(protocols.trigger, trigger as never), eq(protocols.active, true)));
}

/** A new contact opened a chat: First contact starts at the provider's time of their first message. */
export async function onFirstInbound(db: Db, conversationId: string, workspaceId: string, startedAt: Date, now: Date): Promise<TriggerResult> {
  const result: TriggerResult = { conversationIds: [], breaches: [] };
  for (const protocol of await activeProtocols(db, workspaceId, 'first_inbound')) {
    result.breaches.push(...(await startRun(db, protocol, conversationId, startedAt, now)));
    result.conversationIds.push(conversationId);
  }
  return result;
}

/**
 * A contact event (session.booked, session.paid, session.completed, contact.blocked...) stops
 * the protocols that list it and starts those it triggers, on the contact's latest conversation.
 */
export async function onContactEvent(
  db: Db,
  event: { workspaceId: string; contactId: string; type: string; occurredAt: Date },
  now: Date,
): Promise<TriggerResult> {
  const convs = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.contactId, event.contactId))
    .orderBy(desc(conversations.lastMessageAt));
  const ids = convs.map((c) => c.id);
  const result: TriggerResult = { conversationIds: ids, breaches: await stopRuns(db, ids, event.type, now) };
  const latest = ids[0];
  if (latest) {
    for (const protocol of await activeProtocols(db, event.workspaceId, event.type)) {
      result.breaches.push(...(await startRun(db, protocol, latest, event.occurredAt, now)));
    }
  }
  return result;
}

/**
 * Re-engagement: a contact who has neither written nor booked for the protocol's days since the
 * last interaction gets one run, once per silence (a new interaction makes them eligible again).
 */
export async function onInactivity(db: Db, now: Date, limit = 200): Promise<TriggerResult> {
  const result: TriggerResult = { conversationIds: [], breaches: [] };
  const candidates = await db
    .select({ conversationId: conversations.id, protocol: protocols })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(protocols, and(eq(protocols.workspaceId, conversations.workspaceId), eq(protocols.trigger, 'inactivity'), eq(protocols.active, true)))
    .where(
      sql`${contacts.blocked} = false
        and greatest(coalesce(${conversations.lastInboundAt}, ${conversations.createdAt}), coalesce(${conversations.lastOutboundAt}, ${conversations.createdAt}))
            < ${now.toISOString()}::timestamptz - make_interval(days => coalesce(${protocols.inactivityDays}, 14))
        and not exists (select 1 from contact_events e where e.contact_id = ${conversations.contactId} and e.type = 'session.booked'
            and e.occurred_at > ${now.toISOString()}::timestamptz - make_interval(days => coalesce(${protocols.inactivityDays}, 14)))
        and not exists (select 1 from ${protocolRuns} r where r.conversation_id = ${conversations.id} and r.protocol_id = ${protocols.id}
            and r.started_at >= greatest(coalesce(${conversations.lastInboundAt}, ${conversations.createdAt}), coalesce(${conversations.lastOutboundAt}, ${conversations.createdAt})))`,
    )
    .limit(limit);
  for (const c of candidates) {
    result.breaches.push(...(await startRun(db, c.protocol, c.conversationId, now, now)));
    result.conversationIds.push(c.conversationId);
  }
  return result;
}
