import { AppError } from '@/server/errors';
import type { InboundMedia, ParsedWebhook } from '../../inbound';

/*
 * WeChat Official Account messages in plaintext mode: a flat `<xml>` document per request, signed
 * in the query string. A `text` (or image, voice...) message is the contact writing; events
 * (`subscribe`, menu clicks) are acknowledged and store nothing: a follow opens only a short
 * reply quota, not the 48 h window. An image, voice note or video names its file by `MediaId`,
 * fetched from the media API for 3 days (./media.ts); a location is all in the message.
 */

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The children of WeChat's `<xml>` root, as text. The format is flat (no nesting, no attributes,
 * no DTD), so this is all the XML it takes; anything else is refused, never interpreted.
 */
export function flatXml(text: string): Record<string, string> {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
  if (!root) throw new AppError('INVALID_INPUT', 'body: not a WeChat <xml> document');
  const fields: Record<string, string> = {};
  const child = /<([A-Za-z][\w]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (const [, name, cdata, plain] of root[1]!.matchAll(child)) {
    fields[name!] = cdata ?? (plain ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => entities[e]!);
  }
  return fields;
}

/** CreateTime is seconds since the epoch; some senders write milliseconds, told apart by size. */
const momentOf = (createTime: string) => {
  const n = Number(createTime);
  return new Date(n > 1e11 ? n : n * 1000);
};

/** A number WeChat wrote as text, or a clear refusal naming the field. */
function numberField(x: Record<string, string>, name: string): number {
  const n = Number(x[name]);
  if (!x[name] || !Number.isFinite(n)) throw new AppError('INVALID_INPUT', `${name}: not a number`);
  return n;
}

function mediaId(x: Record<string, string>): string {
  if (!x.MediaId) throw new AppError('INVALID_INPUT', 'MediaId: missing');
  return x.MediaId;
}

/** WeChat's voice formats (`Format`), as MIME types. */
const voiceTypes: Record<string, string> = { amr: 'audio/amr', speex: 'audio/speex', mp3: 'audio/mpeg' };

function mediaOf(x: Record<string, string>): InboundMedia[] {
  switch (x.MsgType) {
    case 'image':
      return [{ kind: 'image', ref: mediaId(x) }];
    case 'voice': {
      const format = x.Format?.toLowerCase();
      const mimeType = format && Object.hasOwn(voiceTypes, format) ? voiceTypes[format] : undefined;
      return [{ kind: 'audio', ref: mediaId(x), ...(mimeType ? { mimeType } : {}) }];
    }
    case 'video':
    case 'shortvideo':
      return [{ kind: 'video', ref: mediaId(x) }];
    case 'location':
      // Location_X is the latitude, Location_Y the longitude; Label is the place's address.
      return [{ kind: 'location', latitude: numberField(x, 'Location_X'), longitude: numberField(x, 'Location_Y'), ...(x.Label ? { address: x.Label } : {}) }];
    default:
      return [];
  }
}

/** The text; a shared link is its URL; a file has no words; what Cadence cannot show yet is named. */
function bodyOf(x: Record<string, string>, media: InboundMedia[]): string {
  if (x.MsgType === 'text') return x.Content ?? '';
  if (x.MsgType === 'link') return [x.Title, x.Url].filter(Boolean).join('\n') || '[link]';
  return media.length > 0 ? '' : `[${x.MsgType}]`;
}

export function parseWechat(payload: unknown): ParsedWebhook {
  const x = flatXml(payload as string);
  const missing = ['FromUserName', 'MsgType', 'CreateTime'].filter((k) => !x[k]);
  if (missing.length > 0) throw new AppError('INVALID_INPUT', missing.map((k) => `${k}: missing`).join('; '));
  if (x.MsgType === 'event') return { messages: [], updates: [] };
  if (!x.MsgId) throw new AppError('INVALID_INPUT', 'MsgId: missing');
  const media = mediaOf(x);
  return {
    messages: [
      {
        providerMessageId: x.MsgId,
        externalId: x.FromUserName!,
        contactName: null,
        contactPhone: null,
        body: bodyOf(x, media),
        sentAt: momentOf(x.CreateTime!),
        echo: false,
        ...(media.length > 0 ? { media } : {}),
      },
    ],
    updates: [],
  };
}
