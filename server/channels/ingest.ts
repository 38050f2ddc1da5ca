import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
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
import { recordInboundMedia } from '@/server/files/attachments';
import { mediaPreview } from '@/server/files/preview';
import { enqueueJob } from '@/server/scheduler/queue';
import { assignInTurn, defaultTeamOf } from '@/server/teams/routing';
import { followupsAfterInteraction, stopFollowups } from '@/server/followups/scheduling';
import { answerSms } from '@/server/sms/service';
import { recordDeadLetter } from './dead-letters';
import type { DeliveryUpdate, InboundMessage, ParsedWebhook } from './inbound';
import { applyTemplateStatus } from './providers/whatsapp/template-sync';
import { profileLookups } from './profiles';
import { storableWebhook } from './storable';

type Channel = typeof channels.$inferSelect;

/** `deadLettered`, only when some were: messages and statuses kept in the dead-letter table instead. */
export type IngestResult = { stored: number; duplicates: number; updated: number; deadLettered?: number };

/** A status never moves backwards (a late `delivered` after `read`); `failed` always wins. */
const statusRank = { received: 0, scheduled: 0, cancelled: 0, queued: 0, unknown: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;


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
      const lookup = channel.provider ? profileLookups[channel.provider] : undefined;
      if (lookup && !m.contactName && !m.echo) {
        await enqueueJob(tx, { kind: lookup, runAt: arrivedAt, payload: { contactId: contact!.id, channelId: channel.id, externalId: m.externalId } });
      }
    } else if (m.contactName && !m.echo && contact.name === m.externalId) {
      // Named by its raw id so far (an earlier webhook had no name): the provider's is better.
      // Compared again in the statement, so a name someone edited meanwhile is never overwritten.
      const [renamed] = await tx
        .update(contacts)
        .set({ name: m.contactName })
        .where(and(eq(contacts.id, contact.id), eq(contacts.name, m.externalId)))
        .returning();
      if (renamed) contact = renamed;
    }
    // Before any conversation row: a send recorded for this contact meanwhile sees this reply (SPEC §10).
    await lockContactAttribution(tx, contact!.id);
    // An SMS STOP or START: the contact's own word on consent, kept even when they are blocked.
    const consentBefore = contact!.consent;
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
    // SPEC §8: a keyword (STOP, START, HELP...) is kept, but starts no conversation and reopens none.
    // A "yes" from someone who never stopped is a plain answer, not a keyword.
    const keyword = consent !== undefined || m.help === true;
    const isNew = !conversation;
    if (!conversation) {
      [conversation] = await tx
        .insert(conversations)
        .values({
          workspaceId: channel.workspaceId,
          channelId: channel.id,
          contactId: contact!.id,
          // SPEC §15: the channel's default team.
          teamId: await defaultTeamOf(tx, channel),
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
    // SPEC §14: with the message or not at all; the files download once this commits.
    await recordInboundMedia(tx, { id: stored.id, workspaceId: channel.workspaceId }, m.media ?? [], arrivedAt);
    if (m.replyToken && !m.echo) {
      // Only a newer message's token replaces the one kept (webhooks may arrive out of order).
      await tx
        .update(contactIdentities)
        .set({ replyToken: m.replyToken, replyTokenAt: m.sentAt })
        .where(
          and(
            eq(contactIdentities.channelId, channel.id),
            eq(contactIdentities.externalId, m.externalId),
            or(isNull(contactIdentities.replyTokenAt), lt(contactIdentities.replyTokenAt, m.sentAt)),
          ),
        );
    }
    // SPEC §2: a blocked contact's message is kept, and notifies nobody.
    if (m.echo || !contact!.blocked) fx.add({ kind: 'message.created', messageId: stored.id });

    // SPEC §2: what the message does to its conversation (a blocked contact's is kept, and changes nothing).
    // A photo or voice note with no caption still shows in the inbox row.
    const shown = m.body || mediaPreview(m.media ?? []);
    await applyLifecycle(
      tx,
      conversation!.id,
      m.echo
        ? onEcho(conversation!, { sentAt: m.sentAt, body: shown })
        : onInbound(conversation!, { sentAt: m.sentAt, arrivedAt, body: shown, keyword, contactBlocked: contact!.blocked }),
    );
    // SPEC §4: a new contact opening a chat starts First contact at the provider's time of that message.
    // (A new conversation is unassigned, so an at-once breach of a late webhook counts against no one.)
    if (newContact && !m.echo && !keyword) {
      const started = await onFirstInbound(tx, conversation!.id, channel.workspaceId, m.sentAt, arrivedAt);
      fx.add(...started.conversationIds.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
      await escalateAfterBreaches(tx, fx, started.breaches);
    }
    // SPEC §15: a contact's new conversation in a team that takes turns goes to whoever's turn it is.
    const teamId = conversation!.teamId;
    if (isNew && teamId && !m.echo && !keyword) {
      await assignInTurn(tx, fx, { id: conversation!.id, workspaceId: channel.workspaceId, teamId });
    }
    // SPEC §10: the first reply after a campaign or flow send is credited to it (perhaps taken from another conversation).
    if (!m.echo) {
      const credited = await attributeReplies(tx, contact!.id, m.sentAt);
      fx.add(...credited.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
    }
    if (!m.echo && !contact!.blocked) {
      // SPEC §7: the contact wrote, so every pending follow-up of the conversation is cancelled.
      await stopFollowups(tx, fx, [conversation!.id], consent === 'revoked' ? 'opted_out' : 'contact_replied', arrivedAt, { contactWrote: true });
    }
    // A person wrote (the contact, or one of us in the provider's app): follow-ups start from it.
    if ((m.echo || !contact!.blocked) && !keyword) await followupsAfterInteraction(tx, fx, conversation!.id, arrivedAt);
    if (channel.kind === 'sms' && !m.echo && !contact!.blocked) {
      await answerSms(tx, fx, { channel, contactId: contact!.id, conversationId: conversation!.id, help: m.help === true, keyword, before: consentBefore, after: contact!.consent, now: arrivedAt });
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
  const byProviderId = eq(messages.providerMessageId, u.providerMessageId);
  // A status naming our id settles a send whose answer never came (`unknown`), or one whose
  // worker has not yet written the provider's answer (`queued`): it learns the provider's id.
  const which = u.messageId
    ? or(byProviderId, and(eq(messages.id, u.messageId), isNull(messages.providerMessageId), inArray(messages.status, ['queued', 'unknown'])))
    : byProviderId;
  const [updated] = await db
    .update(messages)
    .set({
      status: u.status,
      providerMessageId: u.providerMessageId,
      // Below `failed` only an `unknown` message carries an error (UNKNOWN), which this settles.
      ...(u.error ? { errorCode: u.error.code, errorMessage: u.error.message } : { errorCode: null, errorMessage: null }),
    })
    .where(and(eq(messages.channelId, channel.id), which, inArray(messages.status, lower)))
    .returning();
  const settled = updated;
  if (!settled) return false;
  if (u.revokesConsent) {
    await db
      .update(contacts)
      .set({ consent: 'revoked' })
      .where(sql`${contacts.id} = (select contact_id from conversations where id = ${settled.conversationId})`);
    await stopFollowups(db, fx, [settled.conversationId], 'opted_out', u.at);
  }
  fx.add({ kind: 'message.updated', messageId: settled.id });
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
  for (const t of storable.templates ?? []) {
    const outcome = await attempt(() => applyTemplateStatus(db, channel, t, clock.now()), t.metaId);
    if ('failure' in outcome) failures.push(outcome.failure);
    else if (outcome.ok) result.updated += 1;
  }
  if (failures.length > 0) {
    await recordDeadLetter(db, channel, payload, failures);
    result.deadLettered = failures.length;
  }
  return result;
}
