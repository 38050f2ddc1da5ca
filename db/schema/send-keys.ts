import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { messages } from './messages';
import { users } from './users';
import { workspaceId } from './workspaces';

/**
 * A client's name for one send (REST `Idempotency-Key`, the composer's client message id),
 * bound to the message it stored: a retry with the same key gets that answer back and sends
 * nothing. Keys are forgotten after 24 hours.
 */
export const sendKeys = pgTable(
  'send_keys',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the send as it was asked for: the same key with another send is refused. */
    fingerprint: text('fingerprint').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** The message as the first request was answered with; null until that answer was made. */
    answer: jsonb('answer').$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    // One binding per key and user: a concurrent second insert waits for the first to commit.
    uniqueIndex('send_keys_user_key_uq').on(t.workspaceId, t.userId, t.key),
    // The purge deletes by age.
    index('send_keys_created_idx').on(t.createdAt),
  ],
);
