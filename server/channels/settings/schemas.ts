import { z } from 'zod';
import { CHANNEL_KINDS, CHANNEL_STATES, PROVIDERS } from '@/db/schema/values';
import { credentialSchemas, type ChannelKind, type Provider } from '../credentials';

/*
 * Connecting and managing channels (issue 15): the one set of shapes the REST body, the tRPC
 * input, the OpenAPI document and the settings form share. Browser-safe (zod and value lists
 * only), so the form checks a draft with the very schema the server applies.
 */

const ChannelName = z.string().trim().min(1, 'name the channel').max(100, 'at most 100 characters');

/** What a manager may set per kind (db/schema/channels.ts ChannelSettings); the rest is Cadence's own. */
export const kindSettings = {
  // SPEC §3: an alphanumeric sender id cannot receive, so the channel cannot hold conversations.
  sms: { senderId: z.string().trim().regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, 'an alphanumeric sender id: up to 11 letters, digits and spaces, with a letter') },
  viber: { senderName: z.string().trim().min(1, 'required').max(28, 'at most 28 characters (Viber’s limit)') },
  wechat: { wechatMessageCap: z.number().int('a whole number').min(1, 'at least 1').max(20, 'at most 20') },
} satisfies Partial<Record<ChannelKind, Record<string, z.ZodType>>>;

type SettingsKind = keyof typeof kindSettings;
const hasSettings = (kind: ChannelKind): kind is SettingsKind => kind in kindSettings;

/** A PATCH of a kind's settings: only the keys given change, `null` removes one. */
export function settingsPatchOf(kind: ChannelKind) {
  const shape: Record<string, z.ZodType> = hasSettings(kind) ? kindSettings[kind] : {};
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.nullable().optional()])));
}

const bodyOf = <K extends ChannelKind, P extends z.ZodType, C extends z.ZodRawShape, S extends z.ZodRawShape>(kind: K, provider: P, credentials: z.ZodObject<C>, settings: S) =>
  z.object({
    kind: z.literal(kind),
    provider,
    name: ChannelName,
    // The provider's credentials and nothing else: a field of another provider is a mistake to name.
    credentials: credentials.strict(),
    settings: z.strictObject(settings).partial().optional(),
  });

/** A kind with one provider: naming it is optional, naming another is refused. */
const oneProvider = <K extends ChannelKind, P extends Provider>(kind: K, provider: P) => z.literal(provider, { error: `${kind} channels go through ${provider}` }).optional();

const CONNECTABLE = 'whatsapp, messenger, instagram, sms, telegram, line, viber, wechat or sandbox (web chat and email are not connected here yet)';

/** `POST /api/v1/channels` (issue 15): `{kind, provider?, name, credentials, settings}`. */
export const CreateChannelBody = z.discriminatedUnion(
  'kind',
  [
    bodyOf('whatsapp', oneProvider('whatsapp', 'whatsapp'), credentialSchemas.whatsapp, {}),
    bodyOf('messenger', oneProvider('messenger', 'messenger'), credentialSchemas.messenger, {}),
    bodyOf('instagram', oneProvider('instagram', 'instagram'), credentialSchemas.instagram, {}),
    // SMS must name its provider: more SMS providers may come.
    bodyOf('sms', z.literal('twilio', { error: 'sms channels go through twilio' }), credentialSchemas.twilio, kindSettings.sms),
    bodyOf('telegram', oneProvider('telegram', 'telegram'), credentialSchemas.telegram, {}),
    bodyOf('line', oneProvider('line', 'line'), credentialSchemas.line, {}),
    bodyOf('viber', oneProvider('viber', 'viber'), credentialSchemas.viber, kindSettings.viber),
    bodyOf('wechat', oneProvider('wechat', 'wechat'), credentialSchemas.wechat, kindSettings.wechat),
    bodyOf('sandbox', oneProvider('sandbox', 'sandbox'), credentialSchemas.sandbox, {}),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `one of ${CONNECTABLE}` : undefined) },
);
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;
/** A draft as the form holds it, before defaults. */
export type CreateChannelDraft = z.input<typeof CreateChannelBody>;

/** A manager switches a channel off and on; `needs_attention` is set by Cadence when a token stops working. */
export const SETTABLE_STATES = ['connected', 'disabled'] as const;

/** `PATCH /api/v1/channels/{id}`: only what is given changes. */
export const UpdateChannelBody = z
  .strictObject({
    name: ChannelName.optional(),
    state: z
      .enum(SETTABLE_STATES)
      .optional()
      .describe('`disabled` holds its queue; `connected` lets it go again (also after "needs attention", once the cause is fixed)'),
    settings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Only the keys given change; null removes one. By kind: sms `senderId`, viber `senderName`, wechat `wechatMessageCap`'),
    credentials: z
      .record(z.string(), z.string().nullable())
      .optional()
      .describe(
        'Replaces only the fields given, checked with the provider before anything is saved; null removes an optional one (Twilio `from` or `messagingServiceSid`). A channel that needed attention is connected again.',
      ),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give at least one of name, state, settings, credentials');
export type UpdateChannelBody = z.infer<typeof UpdateChannelBody>;

export const ChannelIdInput = z.object({ channelId: z.uuid() });
export const UpdateChannelInput = ChannelIdInput.extend({ changes: UpdateChannelBody });

/**
 * Deleting a channel deletes its conversations with it (they cannot outlive their channel), so a
 * channel that has any is refused unless this says so; disabling keeps the history instead.
 */
export const DeleteChannelInput = ChannelIdInput.extend({ deleteConversations: z.boolean().default(false) });
export const DeleteChannelQuery = z.object({
  deleteConversations: z
    .stringbool({ error: 'true or false' })
    .default(false)
    .describe('true: also delete the channel’s conversations; without it a channel that has any answers 409'),
});

/** A channel as any API or page shows it: never a secret, only its last four characters. */
export const ApiChannel = z.object({
  id: z.uuid(),
  kind: z.enum(CHANNEL_KINDS),
  provider: z.enum(PROVIDERS).nullable(),
  name: z.string(),
  publicId: z.string().describe('The id in the webhook URL'),
  state: z.enum(CHANNEL_STATES),
  stateReason: z.string().nullable().describe('Why it needs attention, in the provider’s words (or a Cadence code)'),
  webhookUrl: z.string().nullable().describe('Paste it in the provider’s console (Telegram and Viber are told by Cadence itself)'),
  verifyToken: z.string().optional().describe('WhatsApp, Messenger, Instagram: the verify token of Meta’s webhook set-up'),
  credentials: z.record(z.string(), z.string()).describe('Each saved credential as "••••" and its last four characters'),
  settings: z.object({
    senderId: z.string().optional(),
    senderName: z.string().optional(),
    wechatMessageCap: z.number().optional(),
    delivery: z.literal('record').optional().describe('Demo channels: sends are recorded, not delivered'),
  }),
});
export type ApiChannel = z.infer<typeof ApiChannel>;
