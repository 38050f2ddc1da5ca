import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { teamMembers, teamSupervisors, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { SessionUser } from '@/server/auth/session';
import { isLead, isManager } from './roles';

type Reader = Pick<SessionUser, 'id' | 'workspaceId' | 'role'>;

/*
 * Who leads whom (SPEC §15): managers and admins the whole workspace; a supervisor the members of
 * the teams they lead; an agent nobody. The team view, reassigning, excusing breaches and the
 * notices all ask here, so a supervisor's reach is one rule.
 */

/** The teams a user leads, as a subquery (a role without the relation leads none). */
export const ledTeamIds = (db: Db, user: Pick<Reader, 'id'>) =>
  db.select({ id: teamSupervisors.teamId }).from(teamSupervisors).where(eq(teamSupervisors.userId, user.id));

/** Which users (rows of `users`) this user leads. */
export function peopleLedBy(db: Db, user: Reader): SQL {
  const inWorkspace = eq(users.workspaceId, user.workspaceId);
  if (isManager(user.role)) return inWorkspace;
  if (!isLead(user.role)) return sql`false`;
  const members = db.select({ id: teamMembers.userId }).from(teamMembers).where(inArray(teamMembers.teamId, ledTeamIds(db, user)));
  return and(inWorkspace, inArray(users.id, members))!;
}

/** Whether this user leads that one. */
export async function leads(db: Db, user: Reader, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(peopleLedBy(db, user), eq(users.id, userId)));
  return row !== undefined;
}

/** NOT_FOUND unless this user leads that one, so people of other teams do not leak. */
export async function assertLeads(db: Db, user: Reader, userId: string, field: string): Promise<void> {
  if (!(await leads(db, user, userId))) throw new AppError('NOT_FOUND', `${field}: no such person in the teams you lead`);
}

/** The supervisors who lead a team, or, for a conversation with no team, every supervisor of the workspace (all of them read it). */
export async function supervisorsOver(db: Db, workspaceId: string, teamId: string | null): Promise<string[]> {
  const rows = teamId
    ? await db
        .select({ id: users.id })
        .from(teamSupervisors)
        .innerJoin(users, eq(users.id, teamSupervisors.userId))
        .where(and(eq(teamSupervisors.teamId, teamId), eq(users.role, 'supervisor')))
    : await db.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'supervisor')));
  return rows.map((r) => r.id);
}

/**
 * Who is told of an agent's escalation notices (SPEC §5): the supervisors of every team the agent
 * belongs to; when no supervisor leads them, the workspace's managers and admins, so a notice
 * always reaches someone who can act on it.
 */
export async function leadersOf(db: Db, agent: { id: string; workspaceId: string }): Promise<string[]> {
  const supervisors = await supervisorsOf(db, agent.id);
  if (supervisors.length > 0) return supervisors;
  const managers = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, agent.workspaceId), inArray(users.role, ['manager', 'admin'])));
  return managers.map((r) => r.id);
}

/** The supervisors who lead an agent: those of every team the agent belongs to. */
export async function supervisorsOf(db: Db, agentId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(teamMembers)
    .innerJoin(teamSupervisors, eq(teamSupervisors.teamId, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamSupervisors.userId))
    .where(and(eq(teamMembers.userId, agentId), eq(users.role, 'supervisor')));
  return rows.map((r) => r.id);
}
