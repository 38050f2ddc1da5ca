import { z } from 'zod';
import type { DeliveryUpdate, InboundMedia, ParsedWebhook } from '../../inbound';

/*
 * Viber REST bot callbacks: one event per request. `message` is the contact writing; `delivered`,
 * `seen` and `failed` report on one of ours by its `message_token`. Every other event (`webhook`,
 * the set-up check; `conversation_started`, `subscribed`, `unsubscribed`...) is acknowledged and
 * stores nothing. A picture, video, file or sticker names its file by a URL on Viber's media
 * hosts, valid for a while (./media.ts); a location or a contact card is all in the message.
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
  message: z.object({
    type: z.string(),
    text: z.string().optional(),
    media: z.string().min(1).optional(),
    file_name: z.string().optional(),
    /** Viber's callbacks name it `file_size`; its send API, `size`. */
    file_size: z.number().int().nonnegative().optional(),
    size: z.number().int().nonnegative().optional(),
    location: z.object({ lat: z.number(), lon: z.number() }).optional(),
    contact: z.object({ name: z.string().optional(), phone_number: z.string().min(1) }).optional(),
  }),
});

type ViberMessage = z.infer<typeof Message>['message'];

const fileKinds: Record<string, Extract<InboundMedia, { ref: string }>['kind']> = { picture: 'image', video: 'video', file: 'document', sticker: 'sticker' };

function mediaOf(m: ViberMessage): InboundMedia[] {
  const kind = Object.hasOwn(fileKinds, m.type) ? fileKinds[m.type] : undefined;
  if (kind && m.media) {
    const size = m.file_size ?? m.size;
    // A file's `text` is not a caption Viber shows; a picture's or a video's is.
    const caption = kind === 'image' || kind === 'video' ? m.text : undefined;
    return [{ kind, ref: m.media, ...(m.file_name ? { fileName: m.file_name } : {}), ...(size !== undefined ? { size } : {}), ...(caption ? { caption } : {}) }];
  }
  if (m.type === 'location' && m.location) return [{ kind: 'location', latitude: m.location.lat, longitude: m.location.lon }];
  if (m.type === 'contact' && m.contact) return [{ kind: 'contact', name: m.contact.name || m.contact.phone_number, phones: [m.contact.phone_number] }];
  return [];
}

/** The text or caption; a shared link is its URL; what Cadence cannot show yet is named. */
function bodyOf(m: ViberMessage, media: InboundMedia[]): string {
  if (m.type === 'url') return m.text || m.media || '[url]';
  if (media.length === 0) return m.text ?? `[${m.type}]`;
  return media[0]!.kind === 'image' || media[0]!.kind === 'video' ? (m.text ?? '') : '';
}
const Status = z.object({ event: z.enum(['delivered', 'seen', 'failed']), timestamp: z.number().int().positive(), message_token: Token, desc: z.string().optional() });

const statusOf: Record<'delivered' | 'seen' | 'failed', DeliveryUpdate['status']> = { delivered: 'delivered', seen: 'read', failed: 'failed' };

export function parseViber(json: unknown): ParsedWebhook {
  const { event } = z.object({ event: z.string() }).parse(json);
  if (event === 'message') {
    const e = Message.parse(json);
    const media = mediaOf(e.message);
    return {
      messages: [
        {
          providerMessageId: e.message_token,
          externalId: e.sender.id,
          contactName: e.sender.name ?? null,
          contactPhone: null,
          body: bodyOf(e.message, media),
          sentAt: new Date(e.timestamp),
          echo: false,
          ...(media.length > 0 ? { media } : {}),
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
