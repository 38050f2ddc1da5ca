import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AppError } from '@/server/errors';
import { mutationOf, type Json } from '@/server/hostile/mutation';
import { fixtureJson } from '../testdata/load';
import type { ParsedWebhook } from '../inbound';
import { parseLine } from './line/inbound';
import { parseInstagram, parseMessenger } from './meta-messaging/inbound';
import { parseTelegram } from './telegram/inbound';
import { parseTwilio } from './twilio/inbound';
import { parseViber } from './viber/inbound';
import { parseWechat } from './wechat/inbound';

/*
 * Media payloads with hostile values in any of their fields: a parser either reads them or
 * refuses them with a validation error (a 400 naming the field), never a crash (a 500 the
 * provider retries for ever).
 */

const hostile = fc.oneof(
  fc.constantFrom<Json>('', '\u0000', '\ud800', 'http://169.254.169.254/', -1, 0, 1e300, null, [], {}, [{}], true),
  fc.string(),
  fc.double().filter(Number.isFinite),
);

const mutated = (payload: Json) => mutationOf(payload, hostile);

const KINDS = new Set(['image', 'audio', 'video', 'document', 'sticker', 'location', 'contact']);

function readsOrRefuses(parse: () => ParsedWebhook) {
  let parsed: ParsedWebhook;
  try {
    parsed = parse();
  } catch (error) {
    expect(error instanceof ZodError || error instanceof AppError, String(error)).toBe(true);
    return;
  }
  for (const m of parsed.messages) {
    expect(typeof m.body).toBe('string');
    for (const media of m.media ?? []) {
      expect(KINDS.has(media.kind)).toBe(true);
      if ('ref' in media) expect(typeof media.ref === 'string' && media.ref.length > 0).toBe(true);
      if (media.kind === 'location') expect(Number.isFinite(media.latitude) && Number.isFinite(media.longitude)).toBe(true);
    }
  }
}

const url = 'https://scontent.xx.fbcdn.net/v/a.jpg';
const telegram: Json = {
  update_id: 1,
  message: {
    message_id: 2,
    chat: { id: 3, type: 'private', first_name: 'Ana' },
    date: 1454119029,
    caption: 'c',
    photo: [{ file_id: 'a', file_unique_id: 'u', width: 1, height: 1, file_size: 1 }],
    document: { file_id: 'd', file_name: 'x.pdf', mime_type: 'application/pdf', file_size: 1 },
    sticker: { file_id: 's', emoji: '😀' },
    location: { latitude: 1, longitude: 2 },
    venue: { title: 't', address: 'a' },
    contact: { phone_number: '+1', first_name: 'L', last_name: 'G' },
  },
};
const messenger: Json = {
  object: 'page',
  entry: [
    {
      id: 'P',
      messaging: [
        {
          sender: { id: 'S' },
          recipient: { id: 'P' },
          timestamp: 1459991487970,
          message: {
            mid: 'm',
            attachments: [
              { type: 'image', payload: { url, sticker_id: 1 } },
              { type: 'file', payload: { url } },
              { type: 'location', title: 'x', payload: { coordinates: { lat: 1, long: 2 } } },
            ],
          },
        },
      ],
    },
  ],
};
const line: Json = {
  events: [
    { type: 'message', timestamp: 1, source: { type: 'user', userId: 'U1' }, message: { id: '1', type: 'file', fileName: 'a', fileSize: 1 } },
    { type: 'message', timestamp: 1, source: { type: 'user', userId: 'U1' }, message: { id: '2', type: 'location', title: 't', address: 'a', latitude: 1, longitude: 2 } },
    { type: 'message', timestamp: 1, source: { type: 'user', userId: 'U1' }, message: { id: '3', type: 'sticker', packageId: '1', stickerId: '2' } },
  ],
};
const viber = (message: Json) => ({ event: 'message', timestamp: 1, message_token: '1', sender: { id: 'v' }, message });
const twilio = { MessageSid: 'MM1', From: '+1', Body: 'b', NumMedia: '2', MediaUrl0: 'https://api.twilio.com/a', MediaContentType0: 'image/png', MediaUrl1: 'https://api.twilio.com/b', MediaContentType1: 'audio/amr' };
const wechatFields = { ToUserName: 'g', FromUserName: 'o', CreateTime: '1518774424', MsgType: 'location', Location_X: '1.5', Location_Y: '2.5', Label: 'x', MediaId: 'm', Format: 'amr', MsgId: '1' };
const wechatXml = (fields: Record<string, Json>) => `<xml>${Object.entries(fields).map(([k, v]) => `<${k}><![CDATA[${String(v)}]]></${k}>`).join('')}</xml>`;

describe('media payloads with hostile fields are read or refused, never a crash', () => {
  const runs = { numRuns: 150 };

  it('Telegram', () => fc.assert(fc.property(mutated(telegram), (p) => readsOrRefuses(() => parseTelegram(p))), runs));
  it('Messenger and Instagram (the Instagram fixture too)', () => {
    fc.assert(fc.property(mutated(messenger), (p) => readsOrRefuses(() => parseMessenger(p))), runs);
    fc.assert(fc.property(mutated(fixtureJson('instagram_inbound_attachment.jsonc') as Json), (p) => readsOrRefuses(() => parseInstagram(p))), runs);
  });
  it('LINE', () => fc.assert(fc.property(mutated(line), (p) => readsOrRefuses(() => parseLine(p))), runs));
  it('Viber', () => {
    const messages: Json[] = [
      { type: 'picture', text: 't', media: url, file_name: 'a', file_size: 1 },
      { type: 'location', location: { lat: 1, lon: 2 } },
      { type: 'contact', contact: { name: 'n', phone_number: '+1' } },
    ];
    for (const message of messages) {
      fc.assert(fc.property(mutated(viber(message)), (p) => readsOrRefuses(() => parseViber(p))), runs);
    }
  });
  it('Twilio (form values are strings)', () => {
    const strings = fc.oneof(fc.constantFrom('', '\u0000', '-1', '11', '1e9', 'x'), fc.string());
    const form = fc.record(Object.fromEntries(Object.keys(twilio).map((k) => [k, fc.oneof(fc.constant(twilio[k as keyof typeof twilio]), strings)])));
    fc.assert(fc.property(form, (f) => readsOrRefuses(() => parseTwilio(f as Record<string, string>, new Date()))), runs);
  });
  it('WeChat', () => {
    for (const MsgType of ['location', 'image', 'voice', 'video']) {
      fc.assert(fc.property(mutated({ ...wechatFields, MsgType }), (p) => readsOrRefuses(() => parseWechat(wechatXml(p as Record<string, Json>)))), runs);
    }
  });
});
