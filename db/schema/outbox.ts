import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at } from './columns';
import { messages } from './messages';

/**
 * Messages waiting to reach their provider (ARCHITECTURE: the send pipeline's outbox). A row is
 * written in the same transaction as its `queued` message and deleted when the delivery settles
 * (sent, failed, unknown). Delivery workers claim due rows with FOR UPDATE SKIP LOCKED and hold
 * them by a lease, so a process killed mid-delivery leaves its rows due again for the next one.
 */
export const outbox = pgTable(
  'outbox',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** Requests made so far (SPEC §13: at most 8, or 24 h from `queuedAt`). */
    attempts: integer('attempts').notNull().default(0),
    queuedAt: at('queued_at').notNull().defaultNow(),
    /** Not before: the backoff after a transient error, or the provider's Retry-After. */
    dueAt: at('due_at').notNull().defaultNow(),
    lockedUntil: at('locked_until'),
    /**
     * Set (and committed) just before a provider is called, cleared when the attempt settles. A
     * claim that finds it set knows an earlier attempt died mid-request: it may have reached the
     * provider, so a provider without idempotency is not called again (SPEC §13).
     */
    sendingSince: at('sending_since'),
    lastError: text('last_error'),
    /**
     * A message sent as several requests (text and files): the provider's ids of the parts already
     * sent, in order, so a retry resumes after them instead of sending them again.
     */
    sentParts: jsonb('sent_parts').$type<string[]>().notNull().default([]),
  },
  (t) => [index('outbox_due_idx').on(t.dueAt), index('outbox_channel_idx').on(t.channelId)],
);
