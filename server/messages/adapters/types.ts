import type { channels, messages } from '@/db/schema';

export type Channel = typeof channels.$inferSelect;
export type Message = typeof messages.$inferSelect;

/**
 * Hands one message to a provider. It must be idempotent on the message id: a retry after a
 * crash between the provider's answer and our status update never sends twice.
 */
export type DeliveryAdapter = (args: {
  channel: Channel;
  message: Message;
  recipient: string;
}) => Promise<{ providerMessageId: string }>;
