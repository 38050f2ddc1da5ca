import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { databaseReason, isTransientDatabaseError } from '@/db/transient';
import type { Clock } from '@/server/clock';
import { channels, contactIdentities, contacts, conversations, messages, type DeadLetterFailure } from '@/db/schema';
import { attributeReplies, lockContactAttribution } from '@/server/attribution/service';
import { applyLifecycle } from '@/server/conversations/apply';
import { firstStatus, onEcho, onInbound } from '@/server/conversations/lifecycle';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { onFirstInbound } from '@/server/protocols/triggers';
import { recordDeadLetter } from './dead-letters';
import type { DeliveryUpdate, InboundMessage, ParsedWebhook } from './inbound';
import { storableWebhook } from './storable';

type Channel = typeof channels.$inferSelect;

/** `deadLettered`, only when some were: messages and statuses kept in the dead-letter table instead. */
export type IngestResult = { stored: number; duplicates: number; updated: number; deadLettered?: number };

/** A status never moves backwards (a late `delivered` after `read`); `failed` always wins. */
const statusRank = { received: 0, scheduled: 0, cancelled: 0, queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;


/**
 * Stores one inbound message and updates its conversation, in one transaction. Returns false
 * for a redelivery of a provider message id already stored.
 */
async function ingestMessage(db: Db, channel: Channel, m: InboundMessage, arrivedAt: Date, fx: Effects): Promise<boolean> {
  return transaction(db, fx, async (tx, fx) => {
    // Two webhooks for one new contact must not create two contacts.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${channel.id}:${m.externalId}`}))`);
    // A redelivery writes nothing at all, not even a contact.
    const [seen] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.channelId, channel.id), eq(messages.providerMessageId, m.providerMessageId)));
    if (seen) return false;

    const [known] = await tx
      .select({ contact: contacts })
      .from(contactIdentities)
      .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
      .where(and(eq(contactIdentities.channelId, channel.id), eq(contactIdentities.externalId, m.externalId)))
      .limit(1);
    let contact = known?.contact;
    const newContact = !contact;
    if (!contact) {
      [contact] = await tx
        .insert(contacts)
        .values({
          workspaceId: channel.workspaceId,
          name: m.contactName ?? m.contactPhone ?? m.externalId,
          phone: m.contactPhone,
        })
        .returning();
      await tx.insert(contactIdentities).values({ contactId: contact!.id, channelId: channel.id, externalId: m.externalId });
    }
    // Before any conversation row: a send recorded for this contact meanwhile sees this reply (SPEC §10).
    await lockContactAttribution(tx, contact!.id);
    // An SMS STOP or START: the contact's own word on consent, kept even when they are blocked.
    const consent = m.consent === 'resumed' ? (contact!.consent === 'revoked' ? 'granted' : undefined) : m.consent;
    if (consent && contact!.consent !== consent) {
      [contact] = await tx.update(contacts).set({ consent }).where(eq(contacts.id, contact!.id)).returning();
    }

    let [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.contactId, contact!.id), eq(conversations.channelId, channel.id)))
      .orderBy(desc(conversations.createdAt))
      .limit(1)
      .for('update');
    // SPEC §8: a consent keyword (STOP, START...) is kept, but starts no conversation and reopens none.
    // A "yes" from someone who never stopped is a plain answer, not a keyword.
    const keyword = consent !== undefined;
    if (!conversation) {
      [conversation] = await tx
        .insert(conversations)
        .values({
          workspaceId: channel.workspaceId,
          channelId: channel.id,
          contactId: contact!.id,
          status: firstStatus({ keyword }),
          lastMessageAt: m.sentAt,
        })
        .returning();
    }

    const [stored] = await tx
      .insert(messages)
      .values({
        workspaceId: channel.workspaceId,
        conversationId: conversation!.id,
        channelId: channel.id,
        direction: m.echo ? 'outbound' : 'inbound',
        // An echo was written on our side, perhaps in the provider's own app: a person, not the contact.
        authorKind: m.echo ? 'agent' : 'contact',
        body: m.body,
        status: m.echo ? 'sent' : 'received',
        providerMessageId: m.providerMessageId,
        sentAt: m.sentAt,
        sentAtFromArrival: m.sentAtFromArrival ?? false,
      })
      .onConflictDoNothing({ target: [messages.channelId, messages.providerMessageId] })
      .returning({ id: messages.id });
    if (!stored) return false;
    // SPEC §2: a blocked contact's message is kept, and notifies nobody.
    if (m.echo || !contact!.blocked) fx.add({ kind: 'message.created', messageId: stored.id });

    // SPEC §2: what the message does to its conversation (a blocked contact's is kept, and changes nothing).
    await applyLifecycle(
      tx,
      conversation!.id,
      m.echo
        ? onEcho(conversation!, { sentAt: m.sentAt, body: m.body })
        : onInbound(conversation!, { sentAt: m.sentAt, arrivedAt, body: m.body, keyword, contactBlocked: contact!.blocked }),
    );
    // SPEC §4: a new contact opening a chat starts First contact at the provider's time of that message.
    // (A new conversation is unassigned, so an at-once breach of a late webhook counts against no one.)
    if (newContact && !m.echo && !keyword) {
      const started = await onFirstInbound(tx, conversation!.id, channel.workspaceId, m.sentAt, arrivedAt);
      fx.add(...started.conversationIds.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
      await escalateAfterBreaches(tx, fx, started.breaches);
    }
    // SPEC §10: the first reply after a campaign or flow send is credited to it (perhaps taken from another conversation).
    if (!m.echo) {
      const credited = await attributeReplies(tx, contact!.id, m.sentAt);
      fx.add(...credited.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
    }
    return true;
  });
}

async function applyDeliveryUpdate(db: Db, channel: Channel, u: DeliveryUpdate, fx: Effects): Promise<boolean> {
  // The status and the consent it revokes commit together: a retry after a half-write would find
  // the status already moved and never record the opt-out.
  return transaction(db, fx, (tx, fx) => moveDeliveryStatus(tx, channel, u, fx));
}

async function moveDeliveryStatus(db: Db, channel: Channel, u: DeliveryUpdate, fx: Effects): Promise<boolean> {
  // One statement: concurrent updates for one message can only move it forwards, never lose `failed`.
  const lower = (Object.keys(statusRank) as (keyof typeof statusRank)[]).filter((s) => statusRank[s] < statusRank[u.status]);
  const [updated] = await db
    .update(messages)
    .set({
      status: u.status,
      ...(u.error ? { errorCode: u.error.code, errorMessage: u.error.message } : {}),
    })
    .where(and(eq(messages.channelId, channel.id), eq(messages.providerMessageId, u.providerMessageId), inArray(messages.status, lower)))
    .returning();
  if (!updated) return false;
  if (u.revokesConsent) {
    await db
      .update(contacts)
      .set({ consent: 'revoked' })
      .where(sql`${contacts.id} = (select contact_id from conversations where id = ${updated.conversationId})`);
  }
  fx.add({ kind: 'message.updated', messageId: updated.id });
  return true;
}

/**
 * Runs one message's or status's write. A failure no retry can fix is returned, to be kept as a
 * dead letter while the webhook's other messages are stored; the database being away is thrown,
 * so the webhook answers 5xx and its sender retries.
 */
async function attempt<T>(write: () => Promise<T>, providerMessageId: string): Promise<{ ok: T } | { failure: DeadLetterFailure }> {
  try {
    return { ok: await write() };
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    // The reason only: drizzle's error carries the whole query and its parameters (the message itself).
    const reason = databaseReason(error);
    console.error(`webhook message ${providerMessageId.slice(0, 200)} cannot be stored; kept as a dead letter: ${reason}`);
    return { failure: { providerMessageId, reason } };
  }
}

/**
 * Dedupe → persist → update conversation → emit, for every message and status of one webhook,
 * each in its own transaction. `payload` is what arrived (the raw body), kept with any that fail.
 */
export async function ingest(
  db: Db,
  channel: Channel,
  parsed: ParsedWebhook,
  clock: Clock,
  fx: Effects,
  payload: Uint8Array = new TextEncoder().encode(JSON.stringify(parsed)),
): Promise<IngestResult> {
  const arrivedAt = clock.now();
  const storable = storableWebhook(parsed, arrivedAt);
  const result: IngestResult = { stored: 0, duplicates: 0, updated: 0 };
  const failures: DeadLetterFailure[] = [];
  for (const m of storable.messages) {
    const outcome = await attempt(() => ingestMessage(db, channel, m, clock.now(), fx), m.providerMessageId);
    if ('failure' in outcome) failures.push(outcome.failure);
    else if (outcome.ok) result.stored += 1;
    else result.duplicates += 1;
  }
  for (const u of storable.updates) {
    const outcome = await attempt(() => applyDeliveryUpdate(db, channel, u, fx), u.providerMessageId);
    if ('failure' in outcome) failures.push(outcome.failure);
    else if (outcome.ok) result.updated += 1;
  }
  if (failures.length > 0) {
    await recordDeadLetter(db, channel, payload, failures);
    result.deadLettered = failures.length;
  }
  return result;
}
