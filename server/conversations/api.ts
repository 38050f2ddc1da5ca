import type { Db } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import { deadlinesOf, deadlinesOfMany } from '@/server/protocols/view';
import { sendStateOf, windowsOf } from '@/server/windows/service';
import { toApiConversation } from './api-view';
import type { ListConversationsInput } from './schemas';
import { getConversation, listConversations } from './service';

/** REST v1 reads: the inbox queries plus each conversation's window at this instant. */
export async function apiListConversations(db: Db, user: SessionUser, input: ListConversationsInput, now: Date) {
  const page = await listConversations(db, user, input, now);
  const ids = page.data.map((c) => c.id);
  const [windows, deadlines] = await Promise.all([windowsOf(db, ids, now), deadlinesOfMany(db, ids)]);
  return { data: page.data.map((c) => toApiConversation(c, windows.get(c.id)!, deadlines.get(c.id) ?? [])), nextCursor: page.nextCursor };
}

export async function apiGetConversation(db: Db, user: SessionUser, conversationId: string, now: Date) {
  const c = await getConversation(db, user, conversationId);
  return toApiConversation(c, (await sendStateOf(db, c.id, now)).window, await deadlinesOf(db, c.id));
}
