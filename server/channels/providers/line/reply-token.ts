import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contactIdentities } from '@/db/schema';

/**
 * LINE's reply tokens are good for about a minute after their event, once. Past 50 s a reply
 * could reach LINE after the token died, so the message is pushed instead.
 */
export const REPLY_TOKEN_USABLE_MS = 50_000;

/**
 * Takes the contact's reply token while it may still be used, so that no other message uses it
 * too (LINE would refuse the second). Null when there is none, or it is too old.
 */
export async function takeReplyToken(db: Db, identityId: string, now: Date): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ token: contactIdentities.replyToken })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.id, identityId), gt(contactIdentities.replyTokenAt, new Date(now.getTime() - REPLY_TOKEN_USABLE_MS))))
      .for('update');
    if (!row?.token) return null;
    await tx.update(contactIdentities).set({ replyToken: null, replyTokenAt: null }).where(eq(contactIdentities.id, identityId));
    return row.token;
  });
}
