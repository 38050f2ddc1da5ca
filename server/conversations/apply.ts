import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations } from '@/db/schema';
import type { LifecyclePatch } from './lifecycle';

/**
 * The one writer of SPEC §2's patches (`lifecycle.ts`), in the caller's transaction. The caller
 * read the conversation under its row lock, so the patch was computed from what is stored.
 */
export async function applyLifecycle(db: Db, conversationIds: string | string[], patch: LifecyclePatch): Promise<void> {
  const ids = typeof conversationIds === 'string' ? [conversationIds] : conversationIds;
  if (ids.length === 0 || Object.keys(patch).length === 0) return;
  await db.update(conversations).set(patch).where(ids.length === 1 ? eq(conversations.id, ids[0]!) : inArray(conversations.id, ids));
}
