import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { conversations } from './conversations';
import { NOTIFICATION_KINDS } from './values';
import { users } from './users';
import { workspaceId } from './workspaces';

/** What a notification says beyond its kind: enough to write its line without another query. */
export type NotificationData = {
  stage?: string;
  dueAt?: string;
  level?: number;
  excerpt?: string;
  agentName?: string;
  /** An escalation told to the agent it is about: said in the second person. */
  yours?: boolean;
  /** A deadline of a conversation nobody is assigned to: told to those who can take it. */
  unassigned?: boolean;
  /** A channel that needs attention: which one (the reason is the excerpt). */
  channelId?: string;
  channelName?: string;
};

/** One thing a user should know about (assignment, mention, deadline soon, breach, escalation). */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    /** Who caused it (the assigner, the note's author); null for the protocol engine. */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    data: jsonb('data').$type<NotificationData>().notNull().default({}),
    /** Makes a retried job notify once: e.g. `deadline_soon:{deadlineId}`, unique per user. */
    dedupeKey: text('dedupe_key'),
    createdAt: at('created_at').notNull().defaultNow(),
    readAt: at('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
  ],
);
