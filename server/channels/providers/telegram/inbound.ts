import { z } from 'zod';
import type { InboundMedia, ParsedWebhook } from '../../inbound';

/*
 * A Telegram Bot API Update. Only `message` is a contact writing to us in a private chat; edits,
 * group and channel posts, and membership changes are acknowledged and left alone.
 */
const Names = z.object({ first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional() });
const Chat = Names.extend({ id: z.number().int(), type: z.string() });

/** What every file Telegram hands out carries: the id for `getFile`, and what Telegram knows of it. */
const File = z.object({ file_id: z.string().min(1), file_size: z.number().int().nonnegative().optional() });
const NamedFile = File.extend({ file_name: z.string().optional(), mime_type: z.string().optional() });

const Message = z.object({
  message_id: z.number().int(),
  chat: Chat,
  /** The sender: in a private chat the same person as the chat, and named alike. */
  from: Names.optional(),
  date: z.number().int().positive().describe('seconds since the epoch'),
  text: z.string().optional(),
  caption: z.string().optional(),
  /** One photo in several sizes, smallest first. */
  photo: z.array(File.extend({ width: z.number(), height: z.number() })).optional(),
  voice: NamedFile.optional(),
  audio: NamedFile.optional(),
  document: NamedFile.optional(),
  video: NamedFile.optional(),
  video_note: File.optional(),
  /** A GIF: Telegram sends it as `document` too, for older clients. */
  animation: NamedFile.optional(),
  sticker: File.extend({ emoji: z.string().optional() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  venue: z.object({ title: z.string().optional(), address: z.string().optional() }).optional(),
  contact: z.object({ phone_number: z.string().min(1), first_name: z.string(), last_name: z.string().optional() }).optional(),
});

const Update = z.object({ update_id: z.number().int(), message: Message.optional() });

type TelegramMessage = z.infer<typeof Message>;
type PhotoSize = NonNullable<TelegramMessage['photo']>[number];
type FileKind = Extract<InboundMedia, { ref: string }>['kind'];

const fileMedia = (kind: FileKind, f: z.infer<typeof NamedFile>, caption: string | undefined): InboundMedia => ({
  kind,
  ref: f.file_id,
  ...(f.mime_type ? { mimeType: f.mime_type } : {}),
  ...(f.file_name ? { fileName: f.file_name } : {}),
  ...(f.file_size !== undefined ? { size: f.file_size } : {}),
  ...(caption ? { caption } : {}),
});

/** The one thing a Telegram message carries besides text (a message holds at most one). */
function mediaOf(m: TelegramMessage): InboundMedia[] {
  const caption = m.caption;
  const largest = m.photo?.reduce<PhotoSize | undefined>((a, b) => (!a || b.width * b.height >= a.width * a.height ? b : a), undefined);
  if (largest) return [fileMedia('image', largest, caption)];
  if (m.sticker) return [fileMedia('sticker', m.sticker, m.sticker.emoji)];
  if (m.voice) return [fileMedia('audio', m.voice, caption)];
  if (m.audio) return [fileMedia('audio', m.audio, caption)];
  if (m.animation) return [fileMedia('video', m.animation, caption)];
  if (m.video) return [fileMedia('video', m.video, caption)];
  if (m.video_note) return [fileMedia('video', m.video_note, caption)];
  if (m.document) return [fileMedia('document', m.document, caption)];
  if (m.location) {
    const { latitude, longitude } = m.location;
    return [{ kind: 'location', latitude, longitude, ...(m.venue?.title ? { name: m.venue.title } : {}), ...(m.venue?.address ? { address: m.venue.address } : {}) }];
  }
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ') || m.contact.phone_number;
    return [{ kind: 'contact', name, phones: [m.contact.phone_number] }];
  }
  return [];
}

/** "First Last", else "@username", else none (the contact is then named by its chat id until a later update names it). */
const nameOf = (n: z.infer<typeof Names>) => [n.first_name, n.last_name].filter(Boolean).join(' ') || (n.username ? `@${n.username}` : null);

export function parseTelegram(json: unknown): ParsedWebhook {
  const { message: m } = Update.parse(json);
  if (!m || m.chat.type !== 'private') return { messages: [], updates: [] };
  const name = nameOf(m.chat) ?? (m.from ? nameOf(m.from) : null);
  const media = mediaOf(m);
  // The text, or a file's caption (kept on the file too); what Cadence cannot show yet (a poll, a dice) is named.
  const body = m.text ?? (media.length > 0 ? (m.caption ?? '') : '[message]');
  return {
    messages: [
      {
        // Message ids are unique only within a chat.
        providerMessageId: `${m.chat.id}:${m.message_id}`,
        externalId: String(m.chat.id),
        contactName: name,
        contactPhone: null,
        body,
        sentAt: new Date(m.date * 1000),
        echo: false,
        ...(media.length > 0 ? { media } : {}),
      },
    ],
    updates: [],
  };
}
