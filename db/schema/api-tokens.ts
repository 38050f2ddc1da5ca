import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { users } from './users';
import { workspaceId } from './workspaces';

/** Bearer tokens of the REST API; only a SHA-256 hash of the token is kept. */
export const apiTokens = pgTable('api_tokens', {
  id: id(),
  workspaceId: workspaceId(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  revokedAt: at('revoked_at'),
  ...timestamps,
});
