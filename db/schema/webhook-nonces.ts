import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { channels } from './channels';

/**
 * The nonces of signed webhook requests seen lately, per channel (WeChat signs only its query
 * string, so a request seen once must not be accepted again). Kept in the database so every
 * process refuses a replay another one accepted; a row is useless once its request would be
 * too old anyway, and is purged after `expiresAt`.
 */
export const webhookNonces = pgTable(
  'webhook_nonces',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    nonce: text('nonce').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.nonce] }), index('webhook_nonces_purge_idx').on(t.expiresAt)],
);
