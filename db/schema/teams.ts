import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { teamVisibilityEnum } from './enums';
import { users } from './users';
import { workspaceId } from './workspaces';

export const teams = pgTable(
  'teams',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    visibility: teamVisibilityEnum('visibility').notNull().default('shared'),
    ...timestamps,
  },
  (t) => [index('teams_workspace_idx').on(t.workspaceId)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);
