import { z } from 'zod';
import type { InboundMedia, InboundMessage, ParsedWebhook } from '../../inbound';

// Messenger (`object: "page"`) and Instagram (`object: "instagram"`) send entry[].messaging[].
// `is_echo` marks a copy of a message the business itself sent: never the contact writing.
// A file attachment names its `payload.url` on Meta's CDN (./media.ts downloads it from there only).

const Attachment = z.object({
  type: z.string(),
  /** Messenger's (older) location attachments name the place here. */
  title: z.string().optional(),
  payload: z
    .object({
      url: z.string().min(1).optional(),
      /** An image that is a sticker (Messenger's thumbs-up is one too). */
      sticker_id: z.union([z.number(), z.string()]).optional(),
      coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

const fileKinds: Record<string, Extract<InboundMedia, { ref: string }>['kind']> = { image: 'image', audio: 'audio', video: 'video', file: 'document', sticker: 'sticker' };

function mediaOf(attachment: z.infer<typeof Attachment>): InboundMedia | null {
  const payload = attachment.payload ?? {};
  if (attachment.type === 'location' && payload.coordinates) {
    return { kind: 'location', latitude: payload.coordinates.lat, longitude: payload.coordinates.long, ...(attachment.title ? { name: attachment.title } : {}) };
  }
  const kind = Object.hasOwn(fileKinds, attachment.type) ? fileKinds[attachment.type] : undefined;
  if (!kind || !payload.url) return null;
  return { kind: kind === 'image' && payload.sticker_id !== undefined ? 'sticker' : kind, ref: payload.url };
}

/** The text; with files only, nothing; a shared link, its URL; what Cadence cannot show yet, named. */
function bodyOf(text: string | undefined, attachments: z.infer<typeof Attachment>[], media: InboundMedia[]): string {
  if (text !== undefined) return text;
  if (media.length > 0) return '';
  const first = attachments[0];
  if (!first) return '[message]';
  return (first.type === 'fallback' || first.type === 'share') && first.payload?.url ? first.payload.url : `[${first.type}]`;
}

const Messaging = z.object({
  sender: z.object({ id: z.string().min(1) }),
  recipient: z.object({ id: z.string().min(1) }),
  timestamp: z.number().int().positive().describe('milliseconds since the epoch'),
  message: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z.array(Attachment).optional(),
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
        const attachments = m.message.attachments ?? [];
        const media = attachments.map(mediaOf).filter((a) => a !== null);
        messages.push({
          providerMessageId: m.message.mid,
          externalId,
          contactName: null,
          contactPhone: null,
          body: bodyOf(m.message.text, attachments, media),
          sentAt,
          echo: m.message.is_echo === true,
          ...(media.length > 0 ? { media } : {}),
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
