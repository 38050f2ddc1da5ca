import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { availabilityEnum, roleEnum } from './enums';
import { workspaceId } from './workspaces';

export const users = pgTable(
  'users',
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull().default('agent'),
    timeZone: text('time_zone').notNull().default('Europe/Madrid'),
    locale: text('locale').notNull().default('es'),
    /** The agent's own automatic message (SPEC §4); null means the default template. */
    autoMessage: text('auto_message'),
    /** Sent instead during the business clock's quiet hours (SPEC §17); null means the default, which says when the team is back. */
    outOfHoursMessage: text('out_of_hours_message'),
    /** Set while the person may not sign in (SPEC §15): every session, token and socket of theirs is refused. */
    deactivatedAt: at('deactivated_at'),
    /** Their last request with a session, kept to the minute (the session check writes it at most once a minute). */
    lastSeenAt: at('last_seen_at'),
    /** Set by the person: `away` and `offline` take them out of round-robin even with a tab open. */
    availability: availabilityEnum('availability').notNull().default('online'),
    ...timestamps,
  },
  (t) => [index('users_workspace_idx').on(t.workspaceId)],
);
