import { z } from 'zod';
import type { InboundMessage, ParsedWebhook } from '../inbound';

// Messenger (`object: "page"`) and Instagram (`object: "instagram"`) send entry[].messaging[].
// `is_echo` marks a copy of a message the business itself sent: never the contact writing.

const Messaging = z.object({
  sender: z.object({ id: z.string().min(1) }),
  recipient: z.object({ id: z.string().min(1) }),
  timestamp: z.number().int().positive().describe('milliseconds since the epoch'),
  message: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z.array(z.object({ type: z.string() })).optional(),
    })
    .optional(),
  postback: z.object({ title: z.string(), mid: z.string().optional() }).optional(),
});

const payloadFor = (object: 'page' | 'instagram') =>
  z.object({
    object: z.literal(object),
    entry: z.array(z.object({ id: z.string(), messaging: z.array(Messaging).default([]) })),
  });

function parse(object: 'page' | 'instagram', json: unknown): ParsedWebhook {
  const payload = payloadFor(object).parse(json);
  const messages: InboundMessage[] = [];
  for (const entry of payload.entry) {
    for (const m of entry.messaging) {
      // The contact is whichever side is not the page / professional account itself.
      const externalId = m.sender.id === entry.id ? m.recipient.id : m.sender.id;
      const sentAt = new Date(m.timestamp);
      if (m.message) {
        const attachment = m.message.attachments?.[0]?.type;
        messages.push({
          providerMessageId: m.message.mid,
          externalId,
          contactName: null,
          contactPhone: null,
          body: m.message.text ?? (attachment ? `[${attachment}]` : '[message]'),
          sentAt,
          echo: m.message.is_echo === true,
        });
      } else if (m.postback) {
        // A tap on a button is the contact acting: it opens the window like a message.
        messages.push({
          providerMessageId: m.postback.mid ?? `postback-${externalId}-${m.timestamp}`,
          externalId,
          contactName: null,
          contactPhone: null,
          body: m.postback.title,
          sentAt,
          echo: false,
        });
      }
    }
  }
  return { messages, updates: [] };
}

export const parseMessenger = (json: unknown) => parse('page', json);
export const parseInstagram = (json: unknown) => parse('instagram', json);
