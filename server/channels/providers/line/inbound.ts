import { z } from 'zod';
import type { InboundMedia, InboundMessage, ParsedWebhook } from '../../inbound';

/*
 * LINE Messaging API webhooks: `events[]`. A `message` from a user in a one-to-one chat is the
 * contact writing; a `postback` (a tapped button) too. Follows, unfollows, group and room events
 * are acknowledged and left alone. LINE sends no display name: a background job reads it from
 * the profile API (./profile.ts). A message's reply token is kept for a free reply (./outbound.ts).
 * An image, video, audio or file message is fetched by its id from the content API (./media.ts);
 * a sticker from LINE's sticker CDN by its sticker id.
 */
const Event = z.object({
  type: z.string(),
  timestamp: z.number().int().positive().describe('milliseconds since the epoch'),
  source: z.object({ type: z.string(), userId: z.string().optional() }),
  webhookEventId: z.string().optional(),
  replyToken: z.string().min(1).optional(),
  deliveryContext: z.object({ isRedelivery: z.boolean() }).optional(),
  message: z
    .object({
      id: z.string().min(1),
      type: z.string(),
      text: z.string().optional(),
      fileName: z.string().optional(),
      fileSize: z.number().int().nonnegative().optional(),
      title: z.string().optional(),
      address: z.string().optional(),
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      stickerId: z.string().min(1).optional(),
    })
    .optional(),
  postback: z.object({ data: z.string() }).optional(),
});

const Payload = z.object({ destination: z.string().optional(), events: z.array(Event) });

type LineMessage = NonNullable<z.infer<typeof Event>['message']>;

/** A sticker's reference: LINE's content API does not serve stickers, its sticker CDN does (./media.ts). */
export const STICKER_REF = /^sticker\/(\d+)$/;

function mediaOf(m: LineMessage): InboundMedia[] {
  switch (m.type) {
    case 'image':
    case 'video':
    case 'audio':
      return [{ kind: m.type, ref: m.id }];
    case 'file':
      return [{ kind: 'document', ref: m.id, ...(m.fileName ? { fileName: m.fileName } : {}), ...(m.fileSize !== undefined ? { size: m.fileSize } : {}) }];
    case 'sticker':
      return m.stickerId ? [{ kind: 'sticker', ref: `sticker/${m.stickerId}` }] : [];
    case 'location':
      if (m.latitude === undefined || m.longitude === undefined) return [];
      return [{ kind: 'location', latitude: m.latitude, longitude: m.longitude, ...(m.title ? { name: m.title } : {}), ...(m.address ? { address: m.address } : {}) }];
    default:
      return [];
  }
}

export function parseLine(json: unknown): ParsedWebhook {
  const messages: InboundMessage[] = [];
  for (const e of Payload.parse(json).events) {
    if (e.source.type !== 'user' || !e.source.userId) continue;
    // A redelivered event's reply token has long expired by the time it comes again.
    const replyToken = e.replyToken && !e.deliveryContext?.isRedelivery ? { replyToken: e.replyToken } : {};
    const base = { externalId: e.source.userId, contactName: null, contactPhone: null, sentAt: new Date(e.timestamp), echo: false, ...replyToken };
    if (e.type === 'message' && e.message) {
      const media = mediaOf(e.message);
      // A message sticker's own words are its text; a kind Cadence cannot show yet is named.
      const body = e.message.text ?? (media.length > 0 ? '' : `[${e.message.type}]`);
      messages.push({ ...base, providerMessageId: e.message.id, body, ...(media.length > 0 ? { media } : {}) });
    } else if (e.type === 'postback' && e.postback) {
      messages.push({ ...base, providerMessageId: e.webhookEventId ?? `postback-${e.source.userId}-${e.timestamp}`, body: e.postback.data });
    }
  }
  return { messages, updates: [] };
}
