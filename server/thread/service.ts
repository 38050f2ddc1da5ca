import type { Db } from '@/db/client';
import type { ReadableConversation } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { contactPanel } from '@/server/contacts/panel';
import { getConversation } from '@/server/conversations/service';
import { listThread } from '@/server/messages/service';
import { listNotes } from '@/server/notes/service';
import { deadlinesOf } from '@/server/protocols/view';
import { templatesForConversation } from '@/server/templates/service';
import { sendStateOf } from '@/server/windows/service';

/**
 * Everything the screen of one conversation shows first, in one round trip (SPEC §17: its
 * messages within 100 ms): each part is exactly what its own query answers, so the browser
 * files each under that query and later changes reach them as before.
 */
export async function firstScreen(db: Db, user: SessionUser, conversation: ReadableConversation, now: Date) {
  const [summary, thread, notes, deadlines, window, templates, contact] = await Promise.all([
    getConversation(db, user, conversation.id),
    listThread(db, user, { conversationId: conversation.id, limit: 50 }),
    listNotes(db, conversation),
    deadlinesOf(db, conversation.id),
    sendStateOf(db, conversation.id, now),
    templatesForConversation(db, user, conversation, now),
    contactPanel(db, user, conversation.id),
  ]);
  return { conversation: summary, thread, notes, deadlines, window: { ...window, serverNow: now.toISOString() }, templates, contact };
}
