import { z } from 'zod';
import type { InboundMessage, ParsedWebhook } from '../inbound';

/*
 * LINE Messaging API webhooks: `events[]`. A `message` from a user in a one-to-one chat is the
 * contact writing; a `postback` (a tapped button) too. Follows, unfollows, group and room events
 * are acknowledged and left alone. LINE sends no display name: the profile API would have it.
 */
const Event = z.object({
  type: z.string(),
  timestamp: z.number().int().positive().describe('milliseconds since the epoch'),
  source: z.object({ type: z.string(), userId: z.string().optional() }),
  webhookEventId: z.string().optional(),
  message: z.object({ id: z.string().min(1), type: z.string(), text: z.string().optional() }).optional(),
  postback: z.object({ data: z.string() }).optional(),
});

const Payload = z.object({ destination: z.string().optional(), events: z.array(Event) });

export function parseLine(json: unknown): ParsedWebhook {
  const messages: InboundMessage[] = [];
  for (const e of Payload.parse(json).events) {
    if (e.source.type !== 'user' || !e.source.userId) continue;
    const base = { externalId: e.source.userId, contactName: null, contactPhone: null, sentAt: new Date(e.timestamp), echo: false };
    if (e.type === 'message' && e.message) {
      messages.push({ ...base, providerMessageId: e.message.id, body: e.message.text ?? `[${e.message.type}]` });
    } else if (e.type === 'postback' && e.postback) {
      messages.push({ ...base, providerMessageId: e.webhookEventId ?? `postback-${e.source.userId}-${e.timestamp}`, body: e.postback.data });
    }
  }
  return { messages, updates: [] };
}
