import { and, eq, exists, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, conversations } from '@/db/schema';
import { AppError } from '@/server/errors';
import { visibleTo, type Reader } from './conversations';
import { isManager } from './roles';

/**
 * Which contacts a user may read and act on (edit, block, post events for): those of whom they
 * may read at least one conversation; managers and admins, who read every conversation, any
 * contact of the workspace (also one with no conversation yet, e.g. known only from an
 * integration's events). A supervisor reads the conversations of the teams they lead, so their
 * contacts are those of an agent, and of those teams.
 */
export function contactVisibleTo(db: Db, user: Reader): SQL {
  const inWorkspace = eq(contacts.workspaceId, user.workspaceId);
  if (isManager(user.role)) return inWorkspace;
  const hasReadableConversation = exists(
    db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.contactId, contacts.id), visibleTo(db, user))),
  );
  return and(inWorkspace, hasReadableConversation)!;
}

/** The contact if the user may act on it, else NOT_FOUND (a contact of others does not leak). */
export async function loadReadableContact(db: Db, user: Reader, contactId: string): Promise<typeof contacts.$inferSelect> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(contactVisibleTo(db, user), eq(contacts.id, contactId)))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', 'contact: no such contact in this workspace');
  return row;
}
