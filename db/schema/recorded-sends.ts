import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { id, timestamps } from './columns';
import { messages } from './messages';

/**
 * What the recording adapter would have sent to a provider (sandbox and demo channels).
 * One row per message: the message id is the idempotency key, so a retry never records twice.
 */
export const recordedSends = pgTable(
  'recorded_sends',
  {
    id: id(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .unique()
      .references(() => messages.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    ...timestamps,
  },
  (t) => [index('recorded_sends_channel_idx').on(t.channelId)],
);
