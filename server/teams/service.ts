import { and, asc, eq, inArray, ne, notInArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, conversations, teamMembers, teamSupervisors, teams, users } from '@/db/schema';
import { ledTeamIds } from '@/server/access/teams';
import { isAdmin, isLead, isManager } from '@/server/access/roles';
import { recordAudit } from '@/server/audit/record';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import type { ApiTeam, CreateTeamBody, UpdateTeamBody } from './schemas';

/*
 * Teams (SPEC §1, §15): admins create, rename, delete them and set who is in them and who leads
 * them; a supervisor sets the members of the teams they lead. Every change is audited, and the
 * people whose reach it changes have their open sockets' rooms re-evaluated.
 */

type Team = typeof teams.$inferSelect;
type People = { memberIds: string[]; supervisorIds: string[] };

const teamNotFound = () => new AppError('NOT_FOUND', 'team: no such team in this workspace');

async function peopleOf(db: Db, teamIds: string[]): Promise<Map<string, People>> {
  const byTeam = new Map<string, People>(teamIds.map((id) => [id, { memberIds: [], supervisorIds: [] }]));
  if (teamIds.length === 0) return byTeam;
  const members = await db.select().from(teamMembers).where(inArray(teamMembers.teamId, teamIds)).orderBy(asc(teamMembers.userId));
  const supervisors = await db.select().from(teamSupervisors).where(inArray(teamSupervisors.teamId, teamIds)).orderBy(asc(teamSupervisors.userId));
  for (const m of members) byTeam.get(m.teamId)!.memberIds.push(m.userId);
  for (const s of supervisors) byTeam.get(s.teamId)!.supervisorIds.push(s.userId);
  return byTeam;
}

const toApiTeam = (team: Team, people: People): ApiTeam => ({
  id: team.id,
  name: team.name,
  visibility: team.visibility,
  roundRobin: team.roundRobin,
  memberIds: people.memberIds,
  supervisorIds: people.supervisorIds,
  createdAt: team.createdAt.toISOString(),
});

/** What the audit log keeps of a team. */
const sortedPeople = (p: People): People => ({ memberIds: [...p.memberIds].sort(), supervisorIds: [...p.supervisorIds].sort() });
const snapshot = (team: Pick<Team, 'name' | 'visibility' | 'roundRobin'>, people: People) => ({
  name: team.name,
  visibility: team.visibility,
  roundRobin: team.roundRobin,
  ...sortedPeople(people),
});

/** The teams a user may see here: all of them for managers and admins, the ones they lead for a supervisor. */
export async function listTeams(db: Db, user: SessionUser, only?: string): Promise<ApiTeam[]> {
  if (!isLead(user.role)) throw new AppError('FORBIDDEN', 'Only supervisors and above see the teams.');
  const rows = await db
    .select()
    .from(teams)
    .where(
      and(
        eq(teams.workspaceId, user.workspaceId),
        isManager(user.role) ? undefined : inArray(teams.id, ledTeamIds(db, user)),
        only ? eq(teams.id, only) : undefined,
      ),
    )
    .orderBy(asc(teams.name));
  const people = await peopleOf(db, rows.map((t) => t.id));
  return rows.map((t) => toApiTeam(t, people.get(t.id)!));
}

/** One team the user may see, else NOT_FOUND (a team of others does not leak). */
export async function getTeam(db: Db, user: SessionUser, teamId: string): Promise<ApiTeam> {
  const [found] = await listTeams(db, user, teamId);
  if (!found) throw teamNotFound();
  return found;
}

/** Members are people of the workspace; those who lead a team are supervisors. */
async function checkPeople(db: Db, workspaceId: string, people: Partial<People>): Promise<void> {
  const ids = [...new Set([...(people.memberIds ?? []), ...(people.supervisorIds ?? [])])];
  const rows = ids.length ? await db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids))) : [];
  const known = new Map(rows.map((u) => [u.id, u]));
  for (const field of ['memberIds', 'supervisorIds'] as const) {
    const unknown = (people[field] ?? []).find((id) => !known.has(id));
    if (unknown) throw new AppError('INVALID_INPUT', `${field}: no such user in this workspace (${unknown})`);
  }
  const notSupervisor = (people.supervisorIds ?? []).map((id) => known.get(id)!).find((u) => u.role !== 'supervisor');
  if (notSupervisor) throw new AppError('INVALID_INPUT', `supervisorIds: ${notSupervisor.name} is not a supervisor (their role is ${notSupervisor.role})`);
}

async function checkNameFree(db: Db, workspaceId: string, name: string, exceptTeamId: string | null): Promise<void> {
  const [taken] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, name), exceptTeamId ? ne(teams.id, exceptTeamId) : undefined));
  if (taken) throw new AppError('CONFLICT', `name: a team "${name}" already exists`);
}

async function writePeople(db: Db, teamId: string, people: Partial<People>): Promise<void> {
  if (people.memberIds) {
    // Members who stay keep their place in the round-robin turns.
    await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), people.memberIds.length ? notInArray(teamMembers.userId, people.memberIds) : undefined));
    if (people.memberIds.length) await db.insert(teamMembers).values(people.memberIds.map((userId) => ({ teamId, userId }))).onConflictDoNothing();
  }
  if (people.supervisorIds) {
    await db.delete(teamSupervisors).where(eq(teamSupervisors.teamId, teamId));
    if (people.supervisorIds.length) await db.insert(teamSupervisors).values(people.supervisorIds.map((userId) => ({ teamId, userId })));
  }
}

/** The people whose reach a change of membership touches: whoever was added or removed. */
const changedPeople = (before: People, after: People): string[] => {
  const diff = (a: string[], b: string[]) => [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
  return [...new Set([...diff(before.memberIds, after.memberIds), ...diff(before.supervisorIds, after.supervisorIds)])];
};

export async function createTeam(db: Db, admin: SessionUser, body: CreateTeamBody, now: Date, fx: Effects): Promise<ApiTeam> {
  if (!isAdmin(admin.role)) throw new AppError('FORBIDDEN', 'Only admins create teams.');
  const people: People = { memberIds: [...new Set(body.memberIds)], supervisorIds: [...new Set(body.supervisorIds)] };
  return transaction(db, fx, async (tx, fx) => {
    await checkPeople(tx, admin.workspaceId, people);
    const [team] = await tx
      .insert(teams)
      .values({ workspaceId: admin.workspaceId, name: body.name, visibility: body.visibility, roundRobin: body.roundRobin })
      .onConflictDoNothing()
      .returning();
    if (!team) throw new AppError('CONFLICT', `name: a team "${body.name}" already exists`);
    await writePeople(tx, team.id, people);
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'team.created', targetType: 'team', targetId: team.id, after: snapshot(team, people), at: now });
    fx.add({ kind: 'access.changed', userIds: [...people.memberIds, ...people.supervisorIds] }, { kind: 'team.changed', workspaceId: admin.workspaceId });
    return toApiTeam(team, (await peopleOf(tx, [team.id])).get(team.id)!);
  });
}

/**
 * Changes a team. Admins change anything; a supervisor who leads the team changes its members
 * only. Each kind of change is its own audit entry, written only when something changed.
 */
export async function updateTeam(db: Db, user: SessionUser, teamId: string, body: UpdateTeamBody, now: Date, fx: Effects): Promise<ApiTeam> {
  const onlyMembers = Object.entries(body).every(([field, value]) => field === 'memberIds' || value === undefined);
  return transaction(db, fx, async (tx, fx) => {
    const [team] = await tx.select().from(teams).where(and(eq(teams.id, teamId), eq(teams.workspaceId, user.workspaceId))).for('update');
    if (!team) throw teamNotFound();
    const before = (await peopleOf(tx, [teamId])).get(teamId)!;
    if (!isAdmin(user.role)) {
      if (isManager(user.role)) throw new AppError('FORBIDDEN', 'Only admins change teams.');
      // A team a supervisor does not lead is not theirs to know of.
      if (!before.supervisorIds.includes(user.id)) throw teamNotFound();
      if (!onlyMembers) throw new AppError('FORBIDDEN', 'A supervisor changes only the members of the teams they lead; ask an admin for the rest.');
    }
    const people = { memberIds: body.memberIds && [...new Set(body.memberIds)], supervisorIds: body.supervisorIds && [...new Set(body.supervisorIds)] };
    await checkPeople(tx, user.workspaceId, people);
    if (body.name !== undefined && body.name !== team.name) await checkNameFree(tx, user.workspaceId, body.name, teamId);

    const [updated] = await tx
      .update(teams)
      .set({ name: body.name ?? team.name, visibility: body.visibility ?? team.visibility, roundRobin: body.roundRobin ?? team.roundRobin })
      .where(eq(teams.id, teamId))
      .returning();
    await writePeople(tx, teamId, people);
    const after = (await peopleOf(tx, [teamId])).get(teamId)!;

    const entry = { workspaceId: user.workspaceId, actorId: user.id, targetType: 'team', targetId: teamId, at: now };
    if (updated!.name !== team.name) await recordAudit(tx, { ...entry, action: 'team.renamed', before: { name: team.name }, after: { name: updated!.name } });
    if (updated!.visibility !== team.visibility || updated!.roundRobin !== team.roundRobin) {
      await recordAudit(tx, {
        ...entry,
        action: 'team.settings_changed',
        before: { visibility: team.visibility, roundRobin: team.roundRobin },
        after: { visibility: updated!.visibility, roundRobin: updated!.roundRobin },
      });
    }
    const moved = changedPeople(before, after);
    if (moved.length > 0) {
      await recordAudit(tx, { ...entry, action: 'team.members_changed', before: sortedPeople(before), after: sortedPeople(after) });
    }
    // A new visibility changes what every member reads; a membership what those added or removed do.
    const reach = updated!.visibility !== team.visibility ? [...new Set([...moved, ...after.memberIds])] : moved;
    if (reach.length > 0) fx.add({ kind: 'access.changed', userIds: reach });
    fx.add({ kind: 'team.changed', workspaceId: user.workspaceId });
    return toApiTeam(updated!, after);
  });
}

/**
 * Deletes a team: its conversations keep their history and lose the team (the foreign key sets
 * it null), the channels routing to it route to no team, and its people's rooms are re-evaluated.
 */
export async function deleteTeam(db: Db, admin: SessionUser, teamId: string, now: Date, fx: Effects): Promise<void> {
  if (!isAdmin(admin.role)) throw new AppError('FORBIDDEN', 'Only admins delete teams.');
  await transaction(db, fx, async (tx, fx) => {
    const [team] = await tx.select().from(teams).where(and(eq(teams.id, teamId), eq(teams.workspaceId, admin.workspaceId))).for('update');
    if (!team) throw teamNotFound();
    const people = (await peopleOf(tx, [teamId])).get(teamId)!;
    const theirs = await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.teamId, teamId));
    const routing = await tx.select().from(channels).where(eq(channels.workspaceId, admin.workspaceId));
    for (const channel of routing.filter((c) => c.settings.defaultTeamId === teamId)) {
      const { defaultTeamId: _gone, ...settings } = channel.settings;
      await tx.update(channels).set({ settings }).where(eq(channels.id, channel.id));
    }
    await tx.delete(teams).where(eq(teams.id, teamId));
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'team.deleted', targetType: 'team', targetId: teamId, before: { ...snapshot(team, people), conversations: theirs.length }, at: now });
    fx.add(
      { kind: 'access.changed', userIds: [...people.memberIds, ...people.supervisorIds] },
      { kind: 'team.changed', workspaceId: admin.workspaceId },
      ...theirs.map((c) => ({ kind: 'conversation.changed' as const, conversationId: c.id })),
    );
  });
}
