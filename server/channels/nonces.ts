import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { webhookNonces } from '@/db/schema';

/**
 * Records a request's nonce; false when another request (in any process) already used it and
 * it has not expired. The unique key decides between two at once: the second waits for the
 * first to commit and inserts nothing.
 */
export async function claimNonce(db: Db, claim: { channelId: string; nonce: string; expiresAt: Date }, now: Date): Promise<boolean> {
  // Purge as we go: a nonce past its expiry is refused by its timestamp alone.
  await db.delete(webhookNonces).where(lt(webhookNonces.expiresAt, now));
  const claimed = await db.insert(webhookNonces).values(claim).onConflictDoNothing().returning({ nonce: webhookNonces.nonce });
  return claimed.length > 0;
}

/** Forgets a nonce whose request was not accepted, so the provider's retry of it can be. */
export async function releaseNonce(db: Db, claim: { channelId: string; nonce: string }): Promise<void> {
  await db.delete(webhookNonces).where(and(eq(webhookNonces.channelId, claim.channelId), eq(webhookNonces.nonce, claim.nonce)));
}
