import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at, id, timestamps } from './columns';
import { contactEvents } from './contact-events';
import { conversations } from './conversations';
import { authorKindEnum, deliveryStatusEnum, directionEnum, messageKindEnum } from './enums';
import { templates } from './templates';
import { users } from './users';
import { BILLINGS } from './values';
import { workspaceId } from './workspaces';

export const messages = pgTable(
  'messages',
  {
    id: id(),
    workspaceId: workspaceId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    direction: directionEnum('direction').notNull(),
    authorKind: authorKindEnum('author_kind').notNull(),
    /** The user who wrote an outbound message (null for the contact and for automations). */
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    kind: messageKindEnum('kind').notNull().default('free_form'),
    body: text('body').notNull(),
    status: deliveryStatusEnum('status').notNull(),
    /** Messenger / Instagram message tag of a `tagged` send. */
    tag: text('tag'),
    templateId: uuid('template_id').references(() => templates.id, { onDelete: 'set null' }),
    /** A synced WhatsApp template's parameters as the agent filled them (`1`, `first_name`, `header.1`, `button.0.1`). */
    templateParams: jsonb('template_params').$type<Record<string, string>>(),
    /** What the provider bills this send as (SPEC §3): WhatsApp templates, Viber outside the window. */
    billing: text('billing', { enum: BILLINGS }),
    /** A send held for the contact's daytime (quiet hours); the scheduler hands it over then. */
    scheduledFor: at('scheduled_for'),
    /** The provider's id: unique per channel, so a redelivered webhook is stored once. */
    providerMessageId: text('provider_message_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** A failed send may be tried again by a person: its failure was transient, or the channel's (a token since replaced). */
    retryable: boolean('retryable').notNull().default(false),
    /** Provider timestamp for inbound messages; the moment it left us for outbound ones. */
    sentAt: at('sent_at').notNull(),
    /** The provider's time was not believable (before 2009, over 10 minutes ahead, none), so `sentAt` is the arrival time. */
    sentAtFromArrival: boolean('sent_at_from_arrival').notNull().default(false),
    /** The campaign or flow send (a contact event) this reply is credited to (SPEC §10). */
    attributedSendId: uuid('attributed_send_id').references(() => contactEvents.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('messages_channel_provider_id_uq').on(t.channelId, t.providerMessageId),
    // Thread: newest first, keyset on (sent_at, id).
    index('messages_thread_idx').on(t.conversationId, t.sentAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // One reply per send: two webhooks racing cannot credit a send twice.
    uniqueIndex('messages_attributed_send_uq').on(t.attributedSendId),
  ],
);
