import type { channels } from '@/db/schema';
import type { ParsedWebhook } from '../inbound';
import { AppError } from '@/server/errors';
import { verifyLineSignature, verifyMetaSignature, verifyTelegramSecret, verifyTwilioSignature, verifyViberSignature, verifyWechatSignature } from '../signature';
import { parseInstagram, parseMessenger } from './meta-messaging/inbound';
import { parseSandbox } from './sandbox/inbound';
import { parseLine } from './line/inbound';
import { parseTelegram } from './telegram/inbound';
import { parseTwilio } from './twilio/inbound';
import { parseViber, quoteViberTokens } from './viber/inbound';
import { parseWechat } from './wechat/inbound';
import { parseWhatsApp } from './whatsapp/inbound';

type Channel = typeof channels.$inferSelect;

/** A webhook as it arrived: the raw bytes (signatures are over them), headers, the public URL it was sent to. */
export type WebhookRequest = { rawBody: Uint8Array; headers: Headers; url: string };

export type WebhookProvider = {
  /** The channel kind a webhook of this provider may be posted to. */
  kind: Channel['kind'];
  /** JSON, an HTML form (Twilio), or XML text (WeChat); `form` payloads reach `verify` and `parse` decoded. */
  format: 'json' | 'form' | 'xml';
  verify(request: WebhookRequest, channel: Channel, form: URLSearchParams | null): boolean;
  /**
   * For a signature that does not cover the body (WeChat): the signed timestamp and nonce, so a
   * request is accepted only while fresh and only once (./replay.ts). Called after `verify` passed.
   */
  signedOnce?: (request: WebhookRequest) => { timestamp: string; nonce: string };
  /** Rewrites the verified raw text before JSON.parse (Viber's 64-bit tokens). */
  beforeParse?: (text: string) => string;
  /** `url`: the public URL the webhook was posted to (Twilio's status callbacks name our message in it). */
  parse(payload: unknown, now: Date, url: string): ParsedWebhook;
  /** What the provider expects back: our JSON summary, an empty TwiML document (Twilio), or `success` (WeChat). */
  reply: 'json' | 'twiml' | 'success';
  /** The GET a provider sends when a webhook is set up: the text to echo, or an AppError. */
  handshake?: (params: URLSearchParams, channel: Channel) => string;
};

/** Meta's subscription check: echo `hub.challenge` when the verify token matches. */
function metaHandshake(params: URLSearchParams, channel: Channel): string {
  const token = channel.secrets.verifyToken;
  if (params.get('hub.mode') !== 'subscribe' || !token || params.get('hub.verify_token') !== token) {
    throw new AppError('FORBIDDEN', 'hub.verify_token: does not match this channel');
  }
  const challenge = params.get('hub.challenge');
  if (!challenge) throw new AppError('INVALID_INPUT', 'hub.challenge: missing');
  return challenge;
}

/** WeChat's server check: echo `echostr` when the query string is signed with the channel's token. */
function wechatHandshake(params: URLSearchParams, channel: Channel): string {
  if (!verifyWechatSignature(params, channel.secrets.token)) throw new AppError('FORBIDDEN', 'signature: does not match this channel');
  const echo = params.get('echostr');
  if (!echo) throw new AppError('INVALID_INPUT', 'echostr: missing');
  return echo;
}

const metaSigned = (request: WebhookRequest, channel: Channel) =>
  verifyMetaSignature(request.rawBody, request.headers.get('x-hub-signature-256'), channel.secrets.appSecret);

export const webhookProviders = {
  sandbox: { kind: 'sandbox', format: 'json', verify: metaSigned, parse: parseSandbox, reply: 'json' },
  whatsapp: { kind: 'whatsapp', format: 'json', verify: metaSigned, parse: parseWhatsApp, reply: 'json', handshake: metaHandshake },
  messenger: { kind: 'messenger', format: 'json', verify: metaSigned, parse: parseMessenger, reply: 'json', handshake: metaHandshake },
  instagram: { kind: 'instagram', format: 'json', verify: metaSigned, parse: parseInstagram, reply: 'json', handshake: metaHandshake },
  twilio: {
    kind: 'sms',
    format: 'form',
    verify: (request, channel, form) => verifyTwilioSignature(request.url, form!, request.headers.get('x-twilio-signature'), channel.secrets.authToken),
    parse: (payload, now, url) => parseTwilio(payload as Record<string, string>, now, new URL(url).searchParams),
    reply: 'twiml',
  },
  telegram: {
    kind: 'telegram',
    format: 'json',
    verify: (request, channel) => verifyTelegramSecret(request.headers.get('x-telegram-bot-api-secret-token'), channel.secrets.webhookSecret),
    parse: parseTelegram,
    reply: 'json',
  },
  line: {
    kind: 'line',
    format: 'json',
    verify: (request, channel) => verifyLineSignature(request.rawBody, request.headers.get('x-line-signature'), channel.secrets.channelSecret),
    parse: parseLine,
    reply: 'json',
  },
  viber: {
    kind: 'viber',
    format: 'json',
    verify: (request, channel) => verifyViberSignature(request.rawBody, request.headers.get('x-viber-content-signature'), channel.secrets.authToken),
    beforeParse: quoteViberTokens,
    parse: parseViber,
    reply: 'json',
  },
  wechat: {
    kind: 'wechat',
    format: 'xml',
    verify: (request, channel) => verifyWechatSignature(new URL(request.url).searchParams, channel.secrets.token),
    signedOnce: (request) => {
      const query = new URL(request.url).searchParams;
      return { timestamp: query.get('timestamp') ?? '', nonce: query.get('nonce') ?? '' };
    },
    parse: parseWechat,
    reply: 'success',
    handshake: wechatHandshake,
  },
} satisfies Record<string, WebhookProvider>;

export type WebhookProviderName = keyof typeof webhookProviders;

export const isWebhookProvider = (name: string): name is WebhookProviderName => name in webhookProviders;
