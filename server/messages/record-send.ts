import type { Db } from '@/db/client';
import { recordedSends } from '@/db/schema';
import type { Channel, DeliveryOutcome, Message, OutboundAttachment } from '@/server/channels/outbound';

/** Sandbox and demo channels: keeps what would have gone to the provider, once per message, files named by their attachments. */
export async function recordSend(db: Db, channel: Channel, message: Message, recipient: string, files: OutboundAttachment[]): Promise<DeliveryOutcome> {
  const attachments = files.map(({ id, kind, mimeType, size, fileName, caption }) => ({ id, kind, mimeType, size, fileName, caption }));
  await db
    .insert(recordedSends)
    .values({ channelId: channel.id, messageId: message.id, recipient, payload: { to: recipient, kind: message.kind, body: message.body, ...(attachments.length > 0 ? { attachments } : {}) } })
    .onConflictDoNothing({ target: recordedSends.messageId });
  return { outcome: 'sent', providerMessageId: `rec-${message.id}` };
}
