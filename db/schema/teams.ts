import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /** New conversations routed to the team are assigned in turn among its members who are online (SPEC §15). */
    roundRobin: boolean('round_robin').notNull().default(false),
    ...timestamps,
  },
  (t) => [index('teams_workspace_idx').on(t.workspaceId), uniqueIndex('teams_workspace_name_idx').on(t.workspaceId, t.name)],
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
    /**
     * The team's turn number when round-robin last gave this member a conversation (null: never);
     * the lowest goes next. A number, not a time: two arrivals in one millisecond still take turns.
     */
    lastTurn: integer('last_turn'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/** Who leads a team (SPEC §15): a supervisor sees and acts on the conversations and agents of the teams they lead. */
export const teamSupervisors = pgTable(
  'team_supervisors',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_supervisors_user_idx').on(t.userId)],
);
