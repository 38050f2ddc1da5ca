import { createHash } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { jobs, messages, sendKeys } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { attachmentViewsOf } from '@/server/files/attachments';
import { enqueueJob } from '@/server/scheduler/queue';
import type { SendMessageInput } from './schemas';
import { canonicalJson, retryOf, SEND_KEY_TTL_MS } from './send-key';
import { MessageView, toMessageView } from './view';

/** A send named by its client: the key, and what the send asked for. */
export type NamedSend = { key: string; fingerprint: string };

export function namedSend(input: Omit<SendMessageInput, 'quietHours' | 'recentReply'> & Partial<SendMessageInput>): NamedSend | null {
  const { clientMessageId, ...send } = input;
  if (!clientMessageId) return null;
  return { key: clientMessageId, fingerprint: createHash('sha256').update(canonicalJson(send)).digest('hex') };
}

const reused = () =>
  new AppError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key: already used for another send in the last 24 hours; use a new key for a new message');

const ofUser = (user: SessionUser, key: string) =>
  and(eq(sendKeys.workspaceId, user.workspaceId), eq(sendKeys.userId, user.id), eq(sendKeys.key, key));

/**
 * The earlier send with this key, if it is to be answered again; throws when the key named
 * another send. A forgotten key (over 24 h) is dropped here, so it may name a new send.
 */
export async function earlierSend(tx: Db, user: SessionUser, send: NamedSend, now: Date) {
  const [earlier] = await tx.select().from(sendKeys).where(ofUser(user, send.key));
  const retry = retryOf(earlier, send.fingerprint, now);
  if (retry === 'reused') throw reused();
  if (retry === 'replay') return earlier!;
  if (earlier) await tx.delete(sendKeys).where(eq(sendKeys.id, earlier.id));
  return null;
}

/**
 * Binds the key to the message just stored, in the send's transaction. Sends into one
 * conversation are serialised by its row lock; the same key racing into another conversation
 * waits here on the unique index and is refused once the first commits.
 */
export async function bindSendKey(tx: Db, user: SessionUser, send: NamedSend, messageId: string, now: Date): Promise<string> {
  const [bound] = await tx
    .insert(sendKeys)
    .values({ workspaceId: user.workspaceId, userId: user.id, key: send.key, fingerprint: send.fingerprint, messageId, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: sendKeys.id });
  if (!bound) throw reused();
  return bound.id;
}

/** Keeps the answer given, so a retry gets the same one even after the message moved on. */
export async function recordAnswer(db: Db, keyId: string, answer: MessageView): Promise<void> {
  try {
    await db.update(sendKeys).set({ answer }).where(eq(sendKeys.id, keyId));
  } catch (error) {
    // The message is stored and answered; a retry then reads it as it is.
    console.error(`send key ${keyId}: keeping the answer failed`, error);
  }
}

/**
 * The first answer, again. Before it was kept (the first request is still handing the message
 * over, or its process died meanwhile) the message as it now is: the same message either way.
 */
export async function answerAgain(db: Db, earlier: typeof sendKeys.$inferSelect): Promise<MessageView> {
  const kept = MessageView.safeParse(earlier.answer);
  if (kept.success) return kept.data;
  const [row] = await db.select().from(messages).where(eq(messages.id, earlier.messageId));
  if (!row) throw new AppError('NOT_FOUND', 'message: the message this key sent was deleted');
  return toMessageView(row, (await attachmentViewsOf(db, [row.id])).get(row.id));
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * The hourly purge (a job): keys past 24 hours are forgotten. A read ignores them already; this
 * keeps the table to a day of sends.
 */
export async function purgeSendKeys(db: Db, now: Date): Promise<void> {
  await db.delete(sendKeys).where(lt(sendKeys.createdAt, new Date(now.getTime() - SEND_KEY_TTL_MS)));
  await enqueueJob(db, { kind: 'send_keys.purge', runAt: new Date(now.getTime() + PURGE_EVERY_MS), payload: {} });
}

/** At start-up: make sure a purge is scheduled (one chain is enough; a second is harmless). */
export async function ensureSendKeyPurge(db: Db, now: Date): Promise<void> {
  const [pending] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, 'send_keys.purge'), isNull(jobs.doneAt))).limit(1);
  if (!pending) await enqueueJob(db, { kind: 'send_keys.purge', runAt: now, payload: {} });
}
