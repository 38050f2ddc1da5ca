import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { roleEnum } from './enums';
import { users } from './users';
import { workspaceId } from './workspaces';

/**
 * An invitation to join a workspace (SPEC §15): a single-use link valid 7 days. Only a SHA-256
 * hash of the link's token is kept; resending replaces the hash (the old link dies) and the expiry.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    /** The name the admin typed; the invitee may change it when accepting. */
    name: text('name'),
    role: roleEnum('role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    /** The person the invitation became. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: at('revoked_at'),
    ...timestamps,
  },
  (t) => [
    // One open invitation per address and workspace: a second invite is a resend.
    uniqueIndex('invitations_open_email_idx')
      .on(t.workspaceId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_workspace_idx').on(t.workspaceId, t.createdAt),
  ],
);
