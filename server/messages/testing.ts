import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages, recordedSends } from '@/db/schema';
import { systemClock, type Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { attemptDelivery, claimDeliveries } from './outbox';

/* What a conversation sent, as the tests that retry sends count it. */

export const outboundOf = async (db: Db, conversationId: string) =>
  (await db.select().from(messages).where(eq(messages.conversationId, conversationId))).filter((m) => m.direction === 'outbound');

/** How many of the conversation's messages reached the (record-only) provider, once the worker has handed over all that was due. */
export const deliveriesOf = async (db: Db, conversationId: string) => {
  await deliverDue(db, systemClock);
  return (
    await db
      .select({ n: count() })
      .from(recordedSends)
      .innerJoin(messages, eq(messages.id, recordedSends.messageId))
      .where(eq(messages.conversationId, conversationId))
  )[0]!.n;
};

/**
 * What the delivery worker does, run to the end in the test's own turn: every due outbox row
 * claimed and attempted (one at a time, unpaced) until none is due. Returns how many were tried.
 */
export async function deliverDue(db: Db, clock: Clock, fx: Effects = new Effects()): Promise<number> {
  let tried = 0;
  for (;;) {
    const claims = await claimDeliveries(db, clock.now(), { limit: 50, leaseMs: 60_000 });
    if (claims.length === 0) return tried;
    for (const claim of claims) await attemptDelivery(db, claim, clock, fx, () => 0.5);
    tried += claims.length;
  }
}
