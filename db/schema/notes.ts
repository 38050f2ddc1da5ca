import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { conversations } from './conversations';
import { users } from './users';
import { workspaceId } from './workspaces';

/** An internal note: written by a person for the team, shown in the thread, never sent to the contact. */
export const notes = pgTable(
  'notes',
  {
    id: id(),
    workspaceId: workspaceId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** The users mentioned with @, resolved when the note was written. */
    mentionIds: uuid('mention_ids').array().notNull().default([]),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  // Merged into the thread by the same keyset as messages: newest first on (moment, id).
  (t) => [index('notes_thread_idx').on(t.conversationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);
