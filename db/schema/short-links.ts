import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { contacts } from './contacts';
import { messages } from './messages';
import { workspaceId } from './workspaces';

/** Our short links in outbound SMS (SPEC §8): `/l/{code}` answers with the original URL for a year. */
export const shortLinks = pgTable(
  'short_links',
  {
    code: text('code').primaryKey(),
    workspaceId: workspaceId(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    url: text('url').notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  // The purge deletes the expired ones.
  (t) => [index('short_links_expires_idx').on(t.expiresAt)],
);
