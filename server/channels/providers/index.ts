import type { channels } from '@/db/schema';
import type { ParsedWebhook } from '../inbound';
import { verifyLineSignature, verifyMetaSignature, verifyTelegramSecret, verifyTwilioSignature, verifyViberSignature } from '../signature';
import { parseInstagram, parseMessenger } from './meta-messaging';
import { parseSandbox } from './sandbox';
import { parseLine } from './line';
import { parseTelegram } from './telegram';
import { parseTwilio } from './twilio';
import { parseViber, quoteViberTokens } from './viber';
import { parseWhatsApp } from './whatsapp';

type Channel = typeof channels.$inferSelect;

/** A webhook as it arrived: the raw bytes (signatures are over them), headers, the public URL it was sent to. */
export type WebhookRequest = { rawBody: Uint8Array; headers: Headers; url: string };

export type WebhookProvider = {
  /** The channel kind a webhook of this provider may be posted to. */
  kind: Channel['kind'];
  /** JSON, or an HTML form (Twilio); `form` payloads reach `verify` and `parse` decoded. */
  format: 'json' | 'form';
  verify(request: WebhookRequest, channel: Channel, form: URLSearchParams | null): boolean;
  /** Rewrites the verified raw text before JSON.parse (Viber's 64-bit tokens). */
  beforeParse?: (text: string) => string;
  parse(payload: unknown, now: Date): ParsedWebhook;
  /** What the provider expects back: our JSON summary, or an empty TwiML document (Twilio). */
  reply: 'json' | 'twiml';
};

const metaSigned = (request: WebhookRequest, channel: Channel) =>
  verifyMetaSignature(request.rawBody, request.headers.get('x-hub-signature-256'), channel.secrets.signingSecret);

export const webhookProviders = {
  sandbox: { kind: 'sandbox', format: 'json', verify: metaSigned, parse: parseSandbox, reply: 'json' },
  whatsapp: { kind: 'whatsapp', format: 'json', verify: metaSigned, parse: parseWhatsApp, reply: 'json' },
  messenger: { kind: 'messenger', format: 'json', verify: metaSigned, parse: parseMessenger, reply: 'json' },
  instagram: { kind: 'instagram', format: 'json', verify: metaSigned, parse: parseInstagram, reply: 'json' },
  twilio: {
    kind: 'sms',
    format: 'form',
    verify: (request, channel, form) => verifyTwilioSignature(request.url, form!, request.headers.get('x-twilio-signature'), channel.secrets.twilioAuthToken),
    parse: (payload, now) => parseTwilio(payload as Record<string, string>, now),
    reply: 'twiml',
  },
  telegram: {
    kind: 'telegram',
    format: 'json',
    verify: (request, channel) => verifyTelegramSecret(request.headers.get('x-telegram-bot-api-secret-token'), channel.secrets.telegramSecretToken),
    parse: parseTelegram,
    reply: 'json',
  },
  line: {
    kind: 'line',
    format: 'json',
    verify: (request, channel) => verifyLineSignature(request.rawBody, request.headers.get('x-line-signature'), channel.secrets.lineChannelSecret),
    parse: parseLine,
    reply: 'json',
  },
  viber: {
    kind: 'viber',
    format: 'json',
    verify: (request, channel) => verifyViberSignature(request.rawBody, request.headers.get('x-viber-content-signature'), channel.secrets.viberAuthToken),
    beforeParse: quoteViberTokens,
    parse: parseViber,
    reply: 'json',
  },
} satisfies Record<string, WebhookProvider>;

export type WebhookProviderName = keyof typeof webhookProviders;

export const isWebhookProvider = (name: string): name is WebhookProviderName => name in webhookProviders;
