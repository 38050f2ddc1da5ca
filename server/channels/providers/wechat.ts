import { AppError } from '@/server/errors';
import type { ParsedWebhook } from '../inbound';

/*
 * WeChat Official Account messages in plaintext mode: a flat `<xml>` document per request, signed
 * in the query string. A `text` (or image, voice...) message is the contact writing; events
 * (`subscribe`, menu clicks) are acknowledged and store nothing: a follow opens only a short
 * reply quota, not the 48 h window.
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

export function parseWechat(payload: unknown): ParsedWebhook {
  const x = flatXml(payload as string);
  const missing = ['FromUserName', 'MsgType', 'CreateTime'].filter((k) => !x[k]);
  if (missing.length > 0) throw new AppError('INVALID_INPUT', missing.map((k) => `${k}: missing`).join('; '));
  if (x.MsgType === 'event') return { messages: [], updates: [] };
  if (!x.MsgId) throw new AppError('INVALID_INPUT', 'MsgId: missing');
  return {
    messages: [
      {
        providerMessageId: x.MsgId,
        externalId: x.FromUserName!,
        contactName: null,
        contactPhone: null,
        body: x.MsgType === 'text' ? (x.Content ?? '') : `[${x.MsgType}]`,
        sentAt: momentOf(x.CreateTime!),
        echo: false,
      },
    ],
    updates: [],
  };
}
