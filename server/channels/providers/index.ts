import type { channels } from '@/db/schema';
import type { ParsedWebhook } from '../inbound';
import { verifyMetaSignature } from '../signature';
import { parseInstagram, parseMessenger } from './meta-messaging';
import { parseSandbox } from './sandbox';
import { parseWhatsApp } from './whatsapp';

type Channel = typeof channels.$inferSelect;

export type WebhookProvider = {
  /** The channel kind a webhook of this provider may be posted to. */
  kind: Channel['kind'];
  verify(rawBody: Uint8Array, headers: Headers, channel: Channel): boolean;
  parse(json: unknown): ParsedWebhook;
};

const metaSigned = (rawBody: Uint8Array, headers: Headers, channel: Channel) =>
  verifyMetaSignature(rawBody, headers.get('x-hub-signature-256'), channel.secrets.signingSecret);

export const webhookProviders = {
  sandbox: { kind: 'sandbox', verify: metaSigned, parse: parseSandbox },
  whatsapp: { kind: 'whatsapp', verify: metaSigned, parse: parseWhatsApp },
  messenger: { kind: 'messenger', verify: metaSigned, parse: parseMessenger },
  instagram: { kind: 'instagram', verify: metaSigned, parse: parseInstagram },
} satisfies Record<string, WebhookProvider>;

export type WebhookProviderName = keyof typeof webhookProviders;

export const isWebhookProvider = (name: string): name is WebhookProviderName => name in webhookProviders;
