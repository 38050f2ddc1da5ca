import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, contactIdentities, conversations, messages, outbox, templates, users } from '@/db/schema';
import type { Clock } from '@/server/clock';
import type { Delivery, DeliveryOutcome, OutboundProvider, Pacing, TemplateSend } from '@/server/channels/outbound';
import { outboundProviders } from '@/server/channels/providers/outbound';
import { takeReplyToken } from '@/server/channels/providers/line/reply-token';
import { derivedKey } from '@/db/secret-box';
import { config } from '@/server/env';
import { FILE_MISSING, fileMissingDetail } from '@/server/channels/provider-errors';
import { FILE_URL_KEY, FileMissingError, missingFilesOf, outboundAttachmentsOf } from '@/server/files/outbound-files';
import { fileStorage } from '@/server/files/storage';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { notify } from '@/server/notifications/service';
import { recordSend } from './record-send';
import { nextAttempt } from './retry-policy';

/*
 * The send pipeline's second half (ARCHITECTURE): a queued message's outbox row, written with
 * it, is claimed by a delivery worker, handed to its provider, and settled here. Every step is
 * idempotent on the message id: a process killed anywhere leaves the row to be claimed again
 * once its lease expires, and a message no longer `queued` is never sent again.
 */

export type Claim = typeof outbox.$inferSelect;
type Channel = typeof channels.$inferSelect;

/** Written in the send's own transaction, so a stored `queued` message always has its row; due at `at`. */
export async function enqueueDelivery(tx: Db, fx: Effects, message: { id: string; channelId: string }, at: Date): Promise<void> {
  await tx.insert(outbox).values({ messageId: message.id, channelId: message.channelId, queuedAt: at, dueAt: at }).onConflictDoNothing();
  fx.add({ kind: 'delivery.queued', messageId: message.id });
}

/**
 * Claims due rows of channels that may deliver, in one short transaction: FOR UPDATE SKIP LOCKED
 * gives each process its own rows, and the lease makes a row whose process died due again.
 */
export async function claimDeliveries(db: Db, now: Date, opts: { limit: number; leaseMs: number }): Promise<Claim[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ messageId: outbox.messageId })
      .from(outbox)
      .innerJoin(channels, eq(channels.id, outbox.channelId))
      .where(and(lte(outbox.dueAt, now), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now)), eq(channels.state, 'connected')))
      .orderBy(outbox.dueAt)
      .limit(opts.limit)
      .for('update', { of: outbox, skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ lockedUntil: new Date(now.getTime() + opts.leaseMs), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.messageId, due.map((d) => d.messageId)))
      .returning();
  });
}

/** A claimed row the pacer holds back: due again at `at`, the attempt not counted. */
export async function deferDelivery(db: Db, claim: Claim, at: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ dueAt: at, lockedUntil: null, attempts: sql`${outbox.attempts} - 1` })
    .where(eq(outbox.messageId, claim.messageId));
}

/** The provider of a channel, or `record` for the sandbox and the demo's record-only channels. */
export function providerFor(channel: Channel): OutboundProvider | 'record' | null {
  if (channel.kind === 'sandbox' || channel.settings.delivery === 'record') return 'record';
  return channel.provider ? (outboundProviders[channel.provider] ?? null) : null;
}

const UNPACED: Pacing = { perSecond: 1_000, perRecipientMs: 0, concurrency: 16 };

export const pacingOf = (channel: Channel): Pacing => {
  const provider = providerFor(channel);
  return provider && provider !== 'record' ? provider.pacing : UNPACED;
};

/** `identity`: how the contact is known on the channel (its `externalId` is the recipient). */
type Loaded = { message: typeof messages.$inferSelect; channel: Channel; identity: { id: string; externalId: string } | null };

async function load(db: Db, messageId: string): Promise<Loaded | null> {
  const [row] = await db
    .select({ message: messages, channel: channels, identity: { id: contactIdentities.id, externalId: contactIdentities.externalId } })
    .from(messages)
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(contactIdentities, and(eq(contactIdentities.contactId, conversations.contactId), eq(contactIdentities.channelId, messages.channelId)))
    .where(eq(messages.id, messageId))
    .limit(1);
  return row ?? null;
}

/** The recipient of a claimed row, for the pacer (null: nothing to send, settle it at once). */
export async function recipientOf(db: Db, claim: Claim): Promise<string | null> {
  return (await load(db, claim.messageId))?.identity?.externalId ?? null;
}

/**
 * One attempt at one claimed message: calls its provider (outside any transaction: a slow
 * provider holds no lock) and settles the outcome. `random` drives the retry's jitter.
 */
export async function attemptDelivery(db: Db, claim: Claim, clock: Clock, fx: Effects, random: () => number = Math.random): Promise<void> {
  const loaded = await load(db, claim.messageId);
  if (!loaded || loaded.message.status !== 'queued') {
    await db.delete(outbox).where(eq(outbox.messageId, claim.messageId));
    return;
  }
  const { message, channel, identity } = loaded;
  if (channel.state !== 'connected') {
    // The channel stopped (a token error of a sibling, a manager) after the claim: the row waits with it.
    await deferDelivery(db, claim, clock.now());
    return;
  }
  const provider = providerFor(channel);
  const outcome = await outcomeOf(db, claim, provider, message, channel, identity, clock.now());
  await settle(db, claim, message, channel, outcome, clock.now(), random(), fx);
}

async function outcomeOf(
  db: Db,
  claim: Claim,
  provider: OutboundProvider | 'record' | null,
  message: typeof messages.$inferSelect,
  channel: Channel,
  identity: { id: string; externalId: string } | null,
  now: Date,
): Promise<DeliveryOutcome> {
  if (!identity) return { outcome: 'failed', code: 'NO_RECIPIENT', detail: 'The contact has no address on this channel.' };
  if (!provider) return { outcome: 'failed', code: 'NO_ADAPTER', detail: `Cadence cannot deliver through ${channel.provider ?? channel.kind} yet.` };
  // Before anything goes: bytes gone from storage never come back, so a retry would only send the parts before the gap.
  const missing = await missingFilesOf(db, message.id, fileStorage());
  if (missing.length > 0) return fileMissing(missing);
  // The record adapter keeps one row per message id: it is idempotent by construction.
  if (provider === 'record') return recordSend(db, channel, message, identity.externalId, await outboundAttachmentsOf(db, message.id, fileAccess(now)));
  if (claim.sendingSince && !provider.idempotent) {
    return { outcome: 'unknown', detail: `An earlier attempt (${claim.sendingSince.toISOString()}) stopped while the provider was being called; it may have been sent.` };
  }
  await db.update(outbox).set({ sendingSince: now }).where(eq(outbox.messageId, claim.messageId));
  try {
    return await provider.send(await deliveryOf(db, claim, channel, message, identity, now));
  } catch (error) {
    // Deleted between the check and its upload: that part's request was never made, so failing is honest (earlier parts are in `sentParts`).
    if (error instanceof FileMissingError) return fileMissing([error.fileName]);
    throw error;
  }
}

/** Failed for good and not retryable: only attaching the file again can send it. */
const fileMissing = (fileNames: string[]): DeliveryOutcome => ({ outcome: 'failed', code: FILE_MISSING, detail: fileMissingDetail(fileNames) });

/** How a provider module reaches the message's files: this process's storage, signed URLs on PUBLIC_URL. */
const fileAccess = (now: Date) => ({ storage: fileStorage(), key: derivedKey(FILE_URL_KEY), publicUrl: config().PUBLIC_URL, now });

/** What the provider module needs beyond the message: the template, LINE's reply token, the files, the parts already sent. */
async function deliveryOf(
  db: Db,
  claim: Claim,
  channel: Channel,
  message: typeof messages.$inferSelect,
  identity: { id: string; externalId: string },
  now: Date,
): Promise<Delivery> {
  // A reply carries no retry key: only a first attempt may spend the token, since a later one
  // may follow a push that LINE took under its key (and a reply would then send it twice).
  const replyToken = claim.attempts === 1 ? await takeReplyToken(db, identity.id, now) : null;
  const attachments = await outboundAttachmentsOf(db, message.id, fileAccess(now));
  const sent = [...claim.sentParts];
  const progress = {
    sent: [...sent],
    // Committed at once, outside the attempt: a retry after a later part's failure starts after this one.
    record: async (providerMessageId: string) => {
      sent.push(providerMessageId);
      await db.update(outbox).set({ sentParts: [...sent] }).where(eq(outbox.messageId, message.id));
    },
  };
  return {
    channel,
    message,
    recipient: identity.externalId,
    template: await templateSendOf(db, channel, message),
    replyToken,
    attempt: claim.attempts,
    attachments,
    progress,
  };
}

/**
 * A message written from one of this channel's synced WhatsApp templates goes out as that
 * template, with the parameters the agent filled; any other template's text went into the body.
 */
async function templateSendOf(db: Db, channel: Channel, message: typeof messages.$inferSelect): Promise<TemplateSend | null> {
  if (message.kind !== 'template' || !message.templateId) return null;
  const [t] = await db.select().from(templates).where(and(eq(templates.id, message.templateId), eq(templates.channelId, channel.id)));
  if (!t?.metaLanguage || !t.components || !t.parameterFormat) return null;
  return { name: t.name, language: t.metaLanguage, components: t.components, parameterFormat: t.parameterFormat, params: message.templateParams ?? {} };
}

async function settle(
  db: Db,
  claim: Claim,
  message: typeof messages.$inferSelect,
  channel: Channel,
  outcome: DeliveryOutcome,
  now: Date,
  random: number,
  fx: Effects,
): Promise<void> {
  await transaction(db, fx, async (tx, fx) => {
    const finish = async (set: Partial<typeof messages.$inferInsert>) => {
      await tx.delete(outbox).where(eq(outbox.messageId, claim.messageId));
      const [row] = await tx
        .update(messages)
        .set(set)
        .where(and(eq(messages.id, message.id), eq(messages.status, 'queued')))
        .returning({ id: messages.id });
      if (row) fx.add({ kind: 'message.updated', messageId: row.id });
    };
    if (outcome.outcome === 'sent') {
      await finish({ status: 'sent', providerMessageId: outcome.providerMessageId, errorCode: null, errorMessage: null, retryable: false });
    } else if (outcome.outcome === 'unknown') {
      await finish({ status: 'unknown', errorCode: 'UNKNOWN', errorMessage: outcome.detail, retryable: false });
    } else if (outcome.outcome === 'failed') {
      await finish({ status: 'failed', errorCode: outcome.code, errorMessage: outcome.detail, retryable: outcome.channel === 'needs_attention' });
      if (outcome.channel === 'needs_attention') await needsAttention(tx, fx, channel, outcome.detail, now);
    } else {
      const next = nextAttempt({ attempts: claim.attempts, queuedAt: claim.queuedAt, retryAfterMs: outcome.retryAfterMs }, now, random);
      if (next.giveUp) {
        await finish({ status: 'failed', errorCode: outcome.code, errorMessage: `${outcome.detail} (gave up after ${claim.attempts} attempts)`, retryable: true });
      } else {
        await tx
          .update(outbox)
          .set({ dueAt: next.at, lockedUntil: null, sendingSince: null, lastError: `${outcome.code}: ${outcome.detail}` })
          .where(eq(outbox.messageId, claim.messageId));
      }
    }
  });
}

/**
 * A channel whose credentials stopped working: it stops delivering (its queue waits, nothing is
 * burnt against a dead token) and its managers are told, once per episode.
 */
async function needsAttention(tx: Db, fx: Effects, channel: Channel, reason: string, now: Date): Promise<void> {
  const [changed] = await tx
    .update(channels)
    .set({ state: 'needs_attention', stateReason: reason })
    .where(and(eq(channels.id, channel.id), eq(channels.state, 'connected')))
    .returning({ id: channels.id });
  if (!changed) return;
  const managers = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, channel.workspaceId), inArray(users.role, ['manager', 'admin'])));
  await notify(
    tx,
    fx,
    managers.map((m) => ({
      workspaceId: channel.workspaceId,
      userId: m.id,
      kind: 'channel_attention' as const,
      data: { channelId: channel.id, channelName: channel.name, excerpt: reason },
      dedupeKey: `channel_attention:${channel.id}:${now.getTime()}`,
    })),
  );
}
