import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, conversations, followups } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { enqueueJob } from '@/server/scheduler/queue';
import { followupsAfterInteraction } from './scheduling';

/*
 * A follow-up switched on (created active, or activated) also applies to the conversations
 * already silent when it was: each open one on its channel kinds is planned as after an
 * interaction, page by page in the background (the `followup.activated` job), so a workspace of
 * a hundred thousand conversations never holds the manager's request. Only nudges still ahead
 * are scheduled: a conversation silent for longer than the delay is left alone, so switching a
 * follow-up on never sends a burst to old conversations at once.
 */

export const ActivationJob = z.object({
  followupId: z.uuid(),
  /** Where the previous page stopped, in the list's order (newest activity first). */
  after: z.object({ lastMessageAt: z.iso.datetime(), id: z.uuid() }).optional(),
});
export type ActivationJob = z.infer<typeof ActivationJob>;

const PAGE = 200;

/** In the activating transaction: the scan starts once it commits. */
export const scanOnActivation = (tx: Db, followupId: string, now: Date) => enqueueJob(tx, { kind: 'followup.activated', runAt: now, payload: { followupId } });

export async function scanActivated(db: Db, job: ActivationJob, clock: Clock, fx: Effects, page = PAGE): Promise<void> {
  const now = clock.now();
  await transaction(db, fx, async (tx, fx) => {
    const [rule] = await tx
      .select()
      .from(followups)
      .where(and(eq(followups.id, job.followupId), eq(followups.active, true), isNull(followups.deletedAt)));
    // Switched off or deleted meanwhile: nothing left to scan.
    if (!rule) return;
    // A person's last message is never later than the conversation's last message: older ones cannot be due ahead.
    const since = new Date(now.getTime() - rule.delayMinutes * 60_000);
    const batch = await tx
      .select({ id: conversations.id, lastMessageAt: conversations.lastMessageAt })
      .from(conversations)
      .innerJoin(channels, eq(channels.id, conversations.channelId))
      .where(
        and(
          eq(conversations.workspaceId, rule.workspaceId),
          eq(conversations.status, 'open'),
          gte(conversations.lastMessageAt, since),
          inArray(channels.kind, rule.channelKinds),
          job.after ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${job.after.lastMessageAt}::timestamptz, ${job.after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
      .limit(page);
    for (const c of batch) await followupsAfterInteraction(tx, fx, c.id, now, { dueFrom: now });
    const last = batch.at(-1);
    if (batch.length === page && last?.lastMessageAt) {
      await enqueueJob(tx, { kind: 'followup.activated', runAt: now, payload: { followupId: rule.id, after: { lastMessageAt: last.lastMessageAt.toISOString(), id: last.id } } });
    }
  });
}
