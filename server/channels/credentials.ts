import { z } from 'zod';
import { CHANNEL_KINDS, PROVIDERS } from '@/db/schema/values';

/*
 * What each provider needs to connect a channel (issue 15), named as the REST API names them.
 * One schema per provider, used by the REST body, the tRPC input and the settings form; every
 * field is a secret (never returned after saving: only its last four characters).
 */

// Messages say what is wrong, not which field: every edge prefixes the field's path (`credentials.botToken: required`).
const field = () => z.string().trim().min(1, 'required').max(1024, 'at most 1024 characters');
const digits = () => field().regex(/^\d+$/, 'digits only');

export const credentialSchemas = {
  whatsapp: z.object({ accessToken: field(), phoneNumberId: digits(), wabaId: digits(), appSecret: field() }),
  messenger: z.object({ pageId: digits(), pageAccessToken: field(), appSecret: field() }),
  instagram: z.object({ accountId: digits(), accessToken: field(), appSecret: field() }),
  twilio: z
    .object({
      accountSid: field().regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hexadecimal characters'),
      authToken: field(),
      from: field().optional(),
      messagingServiceSid: field().regex(/^MG[0-9a-fA-F]{32}$/, 'MG followed by 32 hexadecimal characters').optional(),
    })
    .refine((c) => Boolean(c.from) !== Boolean(c.messagingServiceSid), { path: ['from'], message: 'give a sender number or a messagingServiceSid, not both' }),
  telegram: z.object({ botToken: field().regex(/^\d+:[\w-]+$/, 'the form is 123456:ABC-DEF…') }),
  line: z.object({ channelAccessToken: field(), channelSecret: field() }),
  viber: z.object({ authToken: field() }),
  wechat: z.object({ appId: field(), appSecret: field(), token: field().regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters and digits (WeChat’s rule)') }),
  sandbox: z.object({ appSecret: field() }),
} satisfies Record<Provider, z.ZodType>;

export type Provider = (typeof PROVIDERS)[number];
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type Credentials<P extends Provider = Provider> = z.infer<(typeof credentialSchemas)[P]>;

/** The one provider of each kind (SPEC §3); SMS goes through Twilio. Web chat and email are Cadence's own (§16). */
export const providerOfKind: Partial<Record<ChannelKind, Provider>> = {
  whatsapp: 'whatsapp',
  messenger: 'messenger',
  instagram: 'instagram',
  sms: 'twilio',
  telegram: 'telegram',
  line: 'line',
  viber: 'viber',
  wechat: 'wechat',
  sandbox: 'sandbox',
};

/** The fields each provider's form shows, in order. */
export const credentialFields = Object.fromEntries(
  Object.entries(credentialSchemas).map(([provider, schema]) => [provider, Object.keys(schema.shape)]),
) as Record<Provider, string[]>;

/** "••••1234": what any API or page shows of a saved secret. */
export const masked = (value: string) => `••••${value.slice(-4)}`;
