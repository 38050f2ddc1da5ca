import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contactEvents, conversations } from '@/db/schema';
import { loadReadableContact } from '@/server/access/contacts';
import { isLead } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { isSend } from '@/server/attribution/policy';
import { attributeReplies, attributionWindowHours, lockContactAttribution } from '@/server/attribution/service';
import { AppError } from '@/server/errors';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { publishConversationChanges } from '@/server/conversations/publish';
import { conversationForBroadcast } from '@/server/conversations/service';
import { onContactEvent } from '@/server/protocols/triggers';
import { publish } from '@/server/realtime/publish';
import { audienceRooms } from '@/server/realtime/rooms';
import type { ContactEventBody } from './schemas';

/** Integrations report what happened to a contact; protocols and attribution read these rows. */
export async function recordContactEvent(db: Db, user: SessionUser, contactId: string, event: ContactEventBody, now: Date) {
  if (!isLead(user.role)) throw new AppError('FORBIDDEN', 'Only managers, supervisors and admins may post contact events.');
  await loadReadableContact(db, user, contactId);
  const { row, changed } = await db.transaction(async (tx) => {
    // Contact first, then conversation rows, as ingest takes them.
    await lockContactAttribution(tx, contactId);
    const [inserted] = await tx
      .insert(contactEvents)
      .values({
        workspaceId: user.workspaceId,
        contactId,
        type: event.type,
        occurredAt: new Date(event.occurredAt),
        properties: event.properties,
        // A send keeps the attribution window of the day it was recorded (SPEC §10).
        attributionWindowHours: isSend(event.type) ? await attributionWindowHours(tx, user.workspaceId) : null,
      })
      .returning();
    // Bookings, payments and sessions start and stop protocols (SPEC §4).
    const result = await onContactEvent(tx, { workspaceId: user.workspaceId, contactId, type: event.type, occurredAt: new Date(event.occurredAt) }, now);
    // A campaign or flow send credits the reply that answered it, even one stored before it (SPEC §10).
    const attributed = isSend(event.type) ? await attributeReplies(tx, contactId, new Date(event.occurredAt)) : [];
    return { row: inserted, changed: { ids: [...result.conversationIds, ...attributed], notices: await escalateAfterBreaches(tx, result.breaches) } };
  });
  await publishConversationChanges(db, changed.ids, changed.notices);
  // To whoever may read one of the contact's conversations: the rooms a socket is in from the
  // moment it connects, so a panel opened a moment ago does not miss it.
  const theirs = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, contactId));
  const audience = new Set<string>();
  for (const c of theirs) for (const room of audienceRooms((await conversationForBroadcast(db, c.id)).audience)) audience.add(room);
  if (audience.size > 0) publish([{ rooms: [...audience], event: 'contact.activity', payload: { contactId } }]);
  return {
    id: row!.id,
    contactId: row!.contactId,
    type: row!.type,
    occurredAt: row!.occurredAt.toISOString(),
    properties: row!.properties,
  };
}
