import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { databaseReason, isTransientDatabaseError } from '@/db/transient';
import type { Clock } from '@/server/clock';
import { channels, contacts, messages, type DeadLetterFailure } from '@/db/schema';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { stopFollowups } from '@/server/followups/scheduling';
import { recordDeadLetter } from './dead-letters';
import type { DeliveryUpdate, ParsedWebhook } from './inbound';
import { ingestMessage } from './ingest-message';
import { applyTemplateStatus } from './providers/whatsapp/template-sync';
import { storableWebhook } from './storable';

type Channel = typeof channels.$inferSelect;

/** `deadLettered`, only when some were: messages and statuses kept in the dead-letter table instead. */
export type IngestResult = { stored: number; duplicates: number; updated: number; deadLettered?: number };

/** A status never moves backwards (a late `delivered` after `read`); `failed` always wins. */
const statusRank = { received: 0, scheduled: 0, cancelled: 0, queued: 0, unknown: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;

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
