import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { at, id } from './columns';

/**
 * Failed sign-ins of the last minutes, by the email as typed (known or not) and the client
 * address: what login throttling counts (SPEC §15). Kept in the database so every server process
 * and a restart see the same count; rows older than the window are deleted as new ones come.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: id(),
    email: text('email').notNull(),
    address: text('address').notNull(),
    at: at('at').notNull(),
  },
  (t) => [
    index('login_failures_email_at_idx').on(t.email, t.at),
    index('login_failures_address_at_idx').on(t.address, t.at),
    index('login_failures_at_idx').on(t.at),
  ],
);
