import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { users } from './users';

/**
 * A password-reset link an admin issued for someone (SPEC §15): single use, valid 24 hours, kept
 * only as a SHA-256 hash of its token. Issuing a new one for the same person deletes the older ones.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    ...timestamps,
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);
