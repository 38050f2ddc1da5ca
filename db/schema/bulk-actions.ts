import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { users } from './users';
import { workspaceId } from './workspaces';

/** What a bulk action set on one conversation, and what it had before: the undo puts `before` back. */
export type BulkState = {
  status?: 'open' | 'snoozed' | 'closed';
  snoozedUntil?: string | null;
  waitingSince?: string | null;
  assigneeId?: string | null;
  labelApplied?: boolean;
  /** The acting user's own read mark (null: never read). */
  lastReadAt?: string | null;
};
export type BulkChange = { conversationId: string; before: BulkState; after: BulkState };

/** One bulk action on the inbox's selection (SPEC §17), kept so its one undo can restore each conversation. */
export const bulkActions = pgTable(
  'bulk_actions',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    labelId: uuid('label_id'),
    changes: jsonb('changes').$type<BulkChange[]>().notNull(),
    createdAt: at('created_at').notNull(),
    undoneAt: at('undone_at'),
  },
  // A user's own recent actions: the undo's lookup and the clean-up of old ones.
  (t) => [index('bulk_actions_user_created_idx').on(t.userId, t.createdAt)],
);
