import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contactEvents, contacts } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { ContactEventBody } from './schemas';

/** Integrations report what happened to a contact; protocols and attribution read these rows. */
export async function recordContactEvent(db: Db, user: SessionUser, contactId: string, event: ContactEventBody) {
  if (user.role === 'agent') throw new AppError('FORBIDDEN', 'Only managers, supervisors and admins may post contact events.');
  const [contact] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.workspaceId, user.workspaceId)));
  if (!contact) throw new AppError('NOT_FOUND', 'contact: no such contact in this workspace');
  const [row] = await db
    .insert(contactEvents)
    .values({
      workspaceId: user.workspaceId,
      contactId,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      properties: event.properties,
    })
    .returning();
  return {
    id: row!.id,
    contactId: row!.contactId,
    type: row!.type,
    occurredAt: row!.occurredAt.toISOString(),
    properties: row!.properties,
  };
}
