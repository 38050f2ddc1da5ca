import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { channelKindEnum } from './enums';
import { workspaceId } from './workspaces';

/** Provider credentials; which keys apply depends on the channel kind. */
export type ChannelSecrets = {
  /** HMAC key of Meta-style signatures (sandbox, WhatsApp, Messenger, Instagram). */
  signingSecret?: string;
  /** WhatsApp / Meta `hub.verify_token` of the GET handshake. */
  verifyToken?: string;
  twilioAuthToken?: string;
  telegramSecretToken?: string;
  /** LINE Messaging API channel secret: the key of `x-line-signature`. */
  lineChannelSecret?: string;
  /** Viber bot auth token: the key of `X-Viber-Content-Signature`. */
  viberAuthToken?: string;
  /** WeChat Official Account server token: signs every request's query string. */
  wechatToken?: string;
};

export type ChannelSettings = {
  /** How outbound messages leave: `record` keeps them in the outbox table instead of calling a provider. */
  delivery?: 'record';
  whatsappPhoneNumberId?: string;
  /** SMS: an alphanumeric sender id cannot receive replies (SPEC §3). */
  senderId?: string;
  /** WeChat: outbound messages allowed inside one 48 h window (SPEC §3). */
  wechatMessageCap?: number;
};

export const channels = pgTable(
  'channels',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: channelKindEnum('kind').notNull(),
    /** The id used in webhook URLs: `/api/webhooks/{provider}/{publicId}`. */
    publicId: text('public_id').notNull().unique(),
    name: text('name').notNull(),
    secrets: jsonb('secrets').$type<ChannelSecrets>().notNull().default({}),
    settings: jsonb('settings').$type<ChannelSettings>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index('channels_workspace_idx').on(t.workspaceId)],
);
