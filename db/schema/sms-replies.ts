import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { channels } from './channels';
import { contacts } from './contacts';
import { messages } from './messages';
import { SMS_REPLY_KINDS } from './values';
import { workspaceId } from './workspaces';

/** The automatic SMS answers sent (SPEC §8), so the auto-responder answers a contact at most once a day. */
export const smsReplies = pgTable(
  'sms_replies',
  {
    id: id(),
    workspaceId: workspaceId(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: SMS_REPLY_KINDS }).notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    sentAt: at('sent_at').notNull(),
  },
  (t) => [index('sms_replies_contact_kind_idx').on(t.contactId, t.kind, t.sentAt)],
);
