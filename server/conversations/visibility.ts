import { and, eq, exists, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations, teamMembers, teams } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';

/**
 * Which conversations a user may read (SPEC §1): the workspace always; for agents, also
 * conversations with no team, of a `shared` team they belong to, or assigned to them.
 */
export function visibleTo(db: Db, user: Pick<SessionUser, 'id' | 'workspaceId' | 'role'>): SQL {
  const inWorkspace = eq(conversations.workspaceId, user.workspaceId);
  if (user.role !== 'agent') return inWorkspace;
  const inSharedTeam = exists(
    db
      .select({ one: teamMembers.userId })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(
        and(
          eq(teamMembers.teamId, conversations.teamId),
          eq(teamMembers.userId, user.id),
          eq(teams.visibility, 'shared'),
        ),
      ),
  );
  return and(
    inWorkspace,
    or(isNull(conversations.teamId), eq(conversations.assigneeId, user.id), inSharedTeam),
  )!;
}

/** The shared teams a user belongs to: the realtime rooms they join. */
export async function sharedTeamIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: teams.id })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.userId, userId), eq(teams.visibility, 'shared')));
  return rows.map((r) => r.id);
}

/** Which of these conversations the user may read: one query, for presence and mentions. */
export async function readableIds(db: Db, user: Pick<SessionUser, 'id' | 'workspaceId' | 'role'>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(visibleTo(db, user), inArray(conversations.id, ids)));
  return new Set(rows.map((r) => r.id));
}
