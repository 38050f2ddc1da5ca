import { customType, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { open, seal } from '../secret-box';
import { id, timestamps } from './columns';
import { channelKindEnum } from './enums';
import { AUTO_RESPONDER_MODES, CHANNEL_STATES, PROVIDERS } from './values';
import { workspaceId } from './workspaces';

/**
 * Provider credentials, named as the REST API names them (issue 15), plus what Cadence generates
 * itself (`verifyToken`, `webhookSecret`). Which keys apply depends on the provider.
 */
export type ChannelSecrets = {
  /** Meta (WhatsApp, Messenger, Instagram) and the sandbox: the HMAC key of `X-Hub-Signature-256`; WeChat: the app secret of `cgi-bin/token`. */
  appSecret?: string;
  /** Meta's `hub.verify_token` of the GET handshake (generated). */
  verifyToken?: string;
  /** WhatsApp and Instagram: the Graph API token. */
  accessToken?: string;
  phoneNumberId?: string;
  wabaId?: string;
  pageId?: string;
  pageAccessToken?: string;
  accountId?: string;
  /** Twilio: the account and its auth token (the key of `X-Twilio-Signature`); Viber: the bot's auth token. */
  accountSid?: string;
  authToken?: string;
  from?: string;
  messagingServiceSid?: string;
  botToken?: string;
  /** Telegram's `X-Telegram-Bot-Api-Secret-Token`, given to `setWebhook` (generated). */
  webhookSecret?: string;
  channelAccessToken?: string;
  /** LINE: the key of `x-line-signature`. */
  channelSecret?: string;
  appId?: string;
  /** WeChat: the server token that signs every request's query string. */
  token?: string;
};

export type ChannelSettings = {
  /** How outbound messages leave: `record` keeps them in the outbox table instead of calling a provider. */
  delivery?: 'record';
  /** SMS: an alphanumeric sender id cannot receive replies (SPEC §3). */
  senderId?: string;
  /** WeChat: outbound messages allowed inside one 48 h window (SPEC §3). */
  wechatMessageCap?: number;
  /** Viber: the sender name shown with each message. */
  senderName?: string;
  /** The team new conversations of this channel belong to (SPEC §15); none: no team. */
  defaultTeamId?: string;
  /** SMS: who gets the automatic answer to a text, and its words (SPEC §8); nobody when unset. */
  autoResponder?: { mode: (typeof AUTO_RESPONDER_MODES)[number]; text: string };
};

/** JSON sealed with APP_KEY on the way in and opened on the way out (db/secret-box.ts). */
const sealedJson = customType<{ data: ChannelSecrets; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => seal(JSON.stringify(value)),
  fromDriver: (value) => JSON.parse(open(value)) as ChannelSecrets,
});

export const channels = pgTable(
  'channels',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: channelKindEnum('kind').notNull(),
    /** Null for Cadence's own channels (web chat, email), which have no outside provider yet. */
    provider: text('provider', { enum: PROVIDERS }),
    /** The id used in webhook URLs: `/api/webhooks/{provider}/{publicId}`. */
    publicId: text('public_id').notNull().unique(),
    name: text('name').notNull(),
    secrets: sealedJson('secrets').notNull().$defaultFn(() => ({})),
    settings: jsonb('settings').$type<ChannelSettings>().notNull().default({}),
    state: text('state', { enum: CHANNEL_STATES }).notNull().default('connected'),
    /** Why a channel needs attention, in the provider's words (e.g. its token expired). */
    stateReason: text('state_reason'),
    ...timestamps,
  },
  (t) => [index('channels_workspace_idx').on(t.workspaceId)],
);
