import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, conversations } from '@/db/schema';
import { loadReadableContact } from '@/server/access/contacts';
import type { SessionUser } from '@/server/auth/session';
import { applyLifecycle } from '@/server/conversations/apply';
import { onBlock } from '@/server/conversations/lifecycle';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { stopRuns } from '@/server/protocols/service';
import { stopFollowups } from '@/server/followups/scheduling';

/**
 * Blocking a contact closes their conversations and stops their protocols; later messages are
 * kept but reopen nothing and notify no one (SPEC §2). Unblocking lets them through again.
 */
export async function setBlocked(db: Db, user: SessionUser, contactId: string, blocked: boolean, now: Date, fx: Effects) {
  await loadReadableContact(db, user, contactId);
  const rows = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, contactId));
  const ids = rows.map((r) => r.id);
  await transaction(db, fx, async (tx, fx) => {
    await tx.update(contacts).set({ blocked }).where(eq(contacts.id, contactId));
    fx.add({ kind: 'team.changed', workspaceId: user.workspaceId }, ...ids.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
    if (!blocked || ids.length === 0) return;
    await applyLifecycle(tx, ids, onBlock(blocked));
    await escalateAfterBreaches(tx, fx, await stopRuns(tx, ids, 'contact.blocked', now));
    // Blocked is the business's opt-out for the contact, and it closes their conversations (SPEC §7).
    await stopFollowups(tx, fx, ids, 'opted_out', now);
    await stopFollowups(tx, fx, ids, 'conversation_closed', now);
  });
}
