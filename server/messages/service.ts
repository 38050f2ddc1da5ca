import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, contactIdentities, contacts, conversations, messages } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { decodeCursor, keysetPage } from '@/server/conversations/cursor';
import { conversationForBroadcast, getConversation } from '@/server/conversations/service';
import { AppError } from '@/server/errors';
import { publish, type Outgoing } from '@/server/realtime/publish';
import { audienceRooms } from '@/server/realtime/rooms';
import { adapterFor } from './adapters';
import type { SendFreeFormInput, ThreadInput } from './schemas';
import { toMessageView, type MessageView } from './view';

/** A thread page, newest first; the client reverses it for display. */
export async function listThread(db: Db, user: SessionUser, input: ThreadInput) {
  await getConversation(db, user, input.conversationId);
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
  return keysetPage(rows, input.limit, (m) => ({ at: m.sentAt, id: m.id }), toMessageView);
}

export async function broadcastMessage(db: Db, event: 'message.created', message: MessageView): Promise<Outgoing> {
  const { summary, audience } = await conversationForBroadcast(db, message.conversationId);
  return { rooms: audienceRooms(audience), event, payload: { message, conversation: summary } };
}

/**
 * The one send pipeline (ARCHITECTURE): checks → persist as `queued` in one transaction →
 * publish → provider adapter → status update. The message is stored before the provider is
 * called, so a provider failure never loses it.
 */
export async function sendFreeForm(db: Db, user: SessionUser, input: SendFreeFormInput, clock: Clock): Promise<MessageView> {
  await getConversation(db, user, input.conversationId);
  const now = clock.now();
  const message = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ c: conversations, blocked: contacts.blocked })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(eq(conversations.id, input.conversationId))
      .for('update', { of: conversations });
    if (!row) throw new AppError('NOT_FOUND', 'conversation: no such conversation in this workspace');
    if (row.blocked) throw new AppError('CONTACT_BLOCKED', 'This contact is blocked: unblock them to write again.');
    const [inserted] = await tx
      .insert(messages)
      .values({
        workspaceId: row.c.workspaceId,
        conversationId: row.c.id,
        channelId: row.c.channelId,
        direction: 'outbound',
        authorKind: 'agent',
        authorId: user.id,
        kind: 'free_form',
        body: input.body,
        status: 'queued',
        sentAt: now,
      })
      .returning();
    // SPEC §2: a send into a closed conversation reopens it, and assigns it to the sender when unassigned.
    const reopening = row.c.status === 'closed';
    await tx
      .update(conversations)
      .set({
        lastOutboundAt: now,
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${now.toISOString()}::timestamptz)`,
        lastMessagePreview: input.body.slice(0, 140),
        ...(reopening ? { status: 'open' as const, snoozedUntil: null } : {}),
        ...(reopening && !row.c.assigneeId ? { assigneeId: user.id } : {}),
      })
      .where(eq(conversations.id, row.c.id));
    return inserted!;
  });
  publish([await broadcastMessage(db, 'message.created', toMessageView(message))]);
  return deliver(db, message.id);
}

/**
 * Hands a queued message to its channel's adapter and records the outcome. Safe to call again
 * for the same message (after a crash): a message no longer queued is left as it is.
 */
export async function deliver(db: Db, messageId: string): Promise<MessageView> {
  const [row] = await db
    .select({ message: messages, channel: channels, contactId: conversations.contactId })
    .from(messages)
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(eq(messages.id, messageId));
  if (!row) throw new AppError('NOT_FOUND', 'message: no such message');
  if (row.message.status !== 'queued') return toMessageView(row.message);

  const [identity] = await db
    .select({ externalId: contactIdentities.externalId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.contactId, row.contactId), eq(contactIdentities.channelId, row.channel.id)))
    .limit(1);
  const adapter = adapterFor(db, row.channel);
  let update: Partial<typeof messages.$inferInsert>;
  if (!identity) {
    update = { status: 'failed', errorCode: 'NO_RECIPIENT', errorMessage: 'The contact has no address on this channel.' };
  } else if (!adapter) {
    update = {
      status: 'failed',
      errorCode: 'NO_ADAPTER',
      errorMessage: `Sending through ${row.channel.kind} is not connected yet for this channel.`,
    };
  } else {
    try {
      const { providerMessageId } = await adapter({ channel: row.channel, message: row.message, recipient: identity.externalId });
      update = { status: 'sent', providerMessageId };
    } catch (error) {
      update = { status: 'failed', errorCode: 'PROVIDER_ERROR', errorMessage: error instanceof Error ? error.message : String(error) };
    }
  }
  const [updated] = await db
    .update(messages)
    .set(update)
    .where(and(eq(messages.id, messageId), eq(messages.status, 'queued')))
    .returning();
  const view = toMessageView(updated ?? row.message);
  if (updated) {
    const { audience } = await conversationForBroadcast(db, view.conversationId);
    publish([{ rooms: audienceRooms(audience), event: 'message.updated', payload: { message: view } }]);
  }
  return view;
}

/** Start-up recovery: messages stored but not yet handed to a provider when a process stopped. */
export async function deliverQueued(db: Db): Promise<number> {
  const queued = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.direction, 'outbound'), eq(messages.status, 'queued')));
  for (const { id } of queued) await deliver(db, id);
  return queued.length;
}
