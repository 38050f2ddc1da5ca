import type { Db } from '@/db/client';
import { recordedSends } from '@/db/schema';
import type { DeliveryAdapter } from './types';

/** Sandbox and demo channels: keeps what would have gone to the provider, once per message. */
export const recordAdapter =
  (db: Db): DeliveryAdapter =>
  async ({ channel, message, recipient }) => {
    await db
      .insert(recordedSends)
      .values({
        channelId: channel.id,
        messageId: message.id,
        recipient,
        payload: { to: recipient, kind: message.kind, body: message.body },
      })
      .onConflictDoNothing({ target: recordedSends.messageId });
    return { providerMessageId: `rec-${message.id}` };
  };
