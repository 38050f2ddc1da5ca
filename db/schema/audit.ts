import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { users } from './users';
import { workspaces } from './workspaces';

/**
 * Every administrative action (SPEC §15): who, when, what changed before and after. Written in
 * the action's own transaction, so an action that rolled back left no entry; secrets are never
 * written (server/audit/record.ts strips them).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    /**
     * The workspace it happened in; null only for what belongs to no workspace: a failed sign-in
     * of an email no workspace knows (an installation-level entry, for the operator).
     */
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Who did it; null for the system and for an unknown person (a failed login of an unknown email). */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** What was done, `<thing>.<verb>`: `user.invited`, `user.role_changed`, `channel.connected`, `login.failed`… */
    action: text('action').notNull(),
    /** What it was done to: `user`, `team`, `channel`, `workspace`, `api_token`, `deadline`… and its id. */
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    /** The client's address, when the action came from a request. */
    address: text('address'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('audit_log_workspace_idx').on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);
