import { z } from 'zod';
import type { DeliveryUpdate, ParsedWebhook } from '../inbound';

/*
 * Viber REST bot callbacks: one event per request. `message` is the contact writing; `delivered`,
 * `seen` and `failed` report on one of ours by its `message_token`. Every other event (`webhook`,
 * the set-up check; `conversation_started`, `subscribed`, `unsubscribed`...) is acknowledged and
 * stores nothing.
 */

/**
 * `message_token` is a 64-bit integer that `JSON.parse` would round (4987381189870374000 does not
 * survive as a double): it is turned into a string in the raw text first. The signature was
 * checked over the raw bytes before this.
 */
export const quoteViberTokens = (text: string): string => text.replace(/("message_token"\s*:\s*)(-?\d+)/g, '$1"$2"');

const Token = z.string().regex(/^-?\d+$/);

const Message = z.object({
  event: z.literal('message'),
  timestamp: z.number().int().positive(),
  message_token: Token,
  sender: z.object({ id: z.string().min(1), name: z.string().optional() }),
  message: z.object({ type: z.string(), text: z.string().optional() }),
});
const Status = z.object({ event: z.enum(['delivered', 'seen', 'failed']), timestamp: z.number().int().positive(), message_token: Token, desc: z.string().optional() });

const statusOf: Record<'delivered' | 'seen' | 'failed', DeliveryUpdate['status']> = { delivered: 'delivered', seen: 'read', failed: 'failed' };

export function parseViber(json: unknown): ParsedWebhook {
  const { event } = z.object({ event: z.string() }).parse(json);
  if (event === 'message') {
    const e = Message.parse(json);
    return {
      messages: [
        {
          providerMessageId: e.message_token,
          externalId: e.sender.id,
          contactName: e.sender.name ?? null,
          contactPhone: null,
          body: e.message.text ?? `[${e.message.type}]`,
          sentAt: new Date(e.timestamp),
          echo: false,
        },
      ],
      updates: [],
    };
  }
  if (event === 'delivered' || event === 'seen' || event === 'failed') {
    const e = Status.parse(json);
    const error = e.event === 'failed' ? { code: 'VIBER_FAILED', message: e.desc ?? 'Viber could not deliver the message' } : null;
    return { messages: [], updates: [{ providerMessageId: e.message_token, status: statusOf[e.event], at: new Date(e.timestamp), error }] };
  }
  return { messages: [], updates: [] };
}
