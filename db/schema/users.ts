import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { roleEnum } from './enums';
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
    ...timestamps,
  },
  (t) => [index('users_workspace_idx').on(t.workspaceId)],
);
