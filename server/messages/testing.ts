import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages, recordedSends } from '@/db/schema';

/* What a conversation sent, as the tests that retry sends count it. */

export const outboundOf = async (db: Db, conversationId: string) =>
  (await db.select().from(messages).where(eq(messages.conversationId, conversationId))).filter((m) => m.direction === 'outbound');

/** How many of the conversation's messages reached the (record-only) provider. */
export const deliveriesOf = async (db: Db, conversationId: string) =>
  (
    await db
      .select({ n: count() })
      .from(recordedSends)
      .innerJoin(messages, eq(messages.id, recordedSends.messageId))
      .where(eq(messages.conversationId, conversationId))
  )[0]!.n;
