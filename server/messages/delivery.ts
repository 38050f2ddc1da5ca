import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, contactIdentities, conversations, messages } from '@/db/schema';
import type { Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { adapterFor } from './adapters';
import { toMessageView, type MessageView } from './view';

/**
 * Hands a queued message to its channel's adapter and records the outcome. Safe to call again
 * for the same message (after a crash): a message no longer queued is left as it is.
 */
export async function deliver(db: Db, messageId: string, fx: Effects): Promise<MessageView> {
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
  if (updated) fx.add({ kind: 'message.updated', messageId });
  return toMessageView(updated ?? row.message);
}

/** Start-up recovery: messages stored but not yet handed to a provider when a process stopped. */
export async function deliverQueued(db: Db, fx: Effects): Promise<number> {
  const queued = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.direction, 'outbound'), eq(messages.status, 'queued')));
  for (const { id } of queued) await deliver(db, id, fx);
  return queued.length;
}
