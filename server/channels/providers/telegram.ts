import { z } from 'zod';
import type { ParsedWebhook } from '../inbound';

/*
 * A Telegram Bot API Update. Only `message` is a contact writing to us in a private chat; edits,
 * group and channel posts, and membership changes are acknowledged and left alone.
 */
const Chat = z.object({ id: z.number().int(), type: z.string(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional() });

const Message = z.object({
  message_id: z.number().int(),
  chat: Chat,
  date: z.number().int().positive().describe('seconds since the epoch'),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(z.unknown()).optional(),
  document: z.unknown().optional(),
  voice: z.unknown().optional(),
  video: z.unknown().optional(),
  sticker: z.object({ emoji: z.string().optional() }).optional(),
  location: z.unknown().optional(),
  contact: z.unknown().optional(),
});

const Update = z.object({ update_id: z.number().int(), message: Message.optional() });

const kinds = ['photo', 'document', 'voice', 'video', 'location', 'contact'] as const;

function bodyOf(m: z.infer<typeof Message>): string {
  if (m.text) return m.text;
  if (m.sticker) return m.sticker.emoji ?? '[sticker]';
  const kind = kinds.find((k) => m[k] !== undefined);
  const label = kind ? `[${kind}]` : '[message]';
  return m.caption ? `${m.caption}\n${label}` : label;
}

export function parseTelegram(json: unknown): ParsedWebhook {
  const { message: m } = Update.parse(json);
  if (!m || m.chat.type !== 'private') return { messages: [], updates: [] };
  const name = [m.chat.first_name, m.chat.last_name].filter(Boolean).join(' ') || (m.chat.username ? `@${m.chat.username}` : null);
  return {
    messages: [
      {
        // Message ids are unique only within a chat.
        providerMessageId: `${m.chat.id}:${m.message_id}`,
        externalId: String(m.chat.id),
        contactName: name,
        contactPhone: null,
        body: bodyOf(m),
        sentAt: new Date(m.date * 1000),
        echo: false,
      },
    ],
    updates: [],
  };
}
