import { pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { conversations } from './conversations';
import { users } from './users';

/** Read state is per user and separate from the conversation's status (SPEC §2). */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    lastReadAt: at('last_read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.conversationId] })],
);
