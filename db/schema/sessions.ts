import { index, pgTable, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { users } from './users';

/**
 * Signed-in browser sessions. The session cookie is a signed JWT naming one of these rows;
 * every request checks the row, so signing out (or deleting the user) ends the session on the
 * server at once, not when the cookie expires. The user's role and workspace are read with it.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Moved forward as the session is used, like the cookie's own expiry. */
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    ...timestamps,
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
