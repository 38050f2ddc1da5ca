import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { conversations } from './conversations';
import { workspaceId } from './workspaces';

export const labels = pgTable(
  'labels',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    color: text('color').notNull().default('slate'),
    ...timestamps,
  },
  (t) => [uniqueIndex('labels_workspace_name_uq').on(t.workspaceId, t.name)],
);

export const conversationLabels = pgTable(
  'conversation_labels',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    labelId: uuid('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
  },
  // The label filter reads label → conversations.
  (t) => [primaryKey({ columns: [t.conversationId, t.labelId] }), index('conversation_labels_label_idx').on(t.labelId, t.conversationId)],
);
