import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import { loadReadableConversation } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { attachmentViewsOf } from '@/server/files/attachments';
import { decodeCursor, keysetPage } from '@/server/pagination/cursor';
import type { ThreadInput } from './schemas';
import { toMessageView } from './view';

/** A thread page, newest first; the client reverses it for display. */
export async function listThread(db: Db, user: SessionUser, input: ThreadInput) {
  await loadReadableConversation(db, user, input.conversationId);
  const before = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, input.conversationId),
        before
          ? sql`(${messages.sentAt}, ${messages.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(messages.sentAt), desc(messages.id))
    .limit(input.limit + 1);
  const attached = await attachmentViewsOf(db, rows.slice(0, input.limit).map((m) => m.id));
  return keysetPage(rows, input.limit, (m) => ({ at: m.sentAt, id: m.id }), (m) => toMessageView(m, attached.get(m.id)));
}
