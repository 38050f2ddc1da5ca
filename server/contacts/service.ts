import type { Db } from '@/db/client';
import { contactEvents } from '@/db/schema';
import { loadReadableContact } from '@/server/access/contacts';
import { isLead } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { isSend } from '@/server/attribution/policy';
import { attributeReplies, attributionWindowHours, lockContactAttribution } from '@/server/attribution/service';
import { AppError } from '@/server/errors';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { onContactEvent } from '@/server/protocols/triggers';
import { stopFollowups } from '@/server/followups/scheduling';
import type { ApiContactEvent, ContactEventBody } from './schemas';

/** Integrations report what happened to a contact; protocols and attribution read these rows. */
export async function recordContactEvent(db: Db, user: SessionUser, contactId: string, event: ContactEventBody, now: Date, fx: Effects): Promise<ApiContactEvent> {
  if (!isLead(user.role)) throw new AppError('FORBIDDEN', 'Only managers, supervisors and admins may post contact events.');
  await loadReadableContact(db, user, contactId);
  const row = await transaction(db, fx, async (tx, fx) => {
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
    await escalateAfterBreaches(tx, fx, result.breaches);
    if (event.type === 'session.booked') await stopFollowups(tx, fx, result.conversationIds, 'session_booked', now);
    fx.add(
      ...[...result.conversationIds, ...attributed].map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })),
      { kind: 'contact.activity', contactId },
    );
    return inserted;
  });
  return {
    id: row!.id,
    contactId: row!.contactId,
    type: row!.type,
    occurredAt: row!.occurredAt.toISOString(),
    properties: row!.properties,
  };
}
