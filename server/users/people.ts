import { and, count, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations, teamMembers, teams, users, workspaces } from '@/db/schema';
import { isAdmin } from '@/server/access/roles';
import { recordAudit } from '@/server/audit/record';
import type { SessionUser } from '@/server/auth/session';
import { endSessionsOf } from '@/server/auth/sessions';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { leavesNoAdmin } from './policy';
import type { ApiUser, PersonPatch } from './schemas';

/** Users, roles and invitations are the workspace owners' (SPEC §1); every edge calls these services, so the check is here. */
export function requireAdmin(user: SessionUser): void {
  if (!isAdmin(user.role)) throw new AppError('FORBIDDEN', 'Only admins may manage people.');
}

/** The people of a workspace (or some of them) as the people list and REST show them, by name. */
async function peopleViews(db: Db, workspaceId: string, ids?: string[]): Promise<ApiUser[]> {
  const only = ids ? inArray(users.id, ids) : undefined;
  const rows = await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), only)).orderBy(users.name, users.id);
  if (rows.length === 0) return [];
  const ofThem = inArray(teamMembers.userId, rows.map((r) => r.id));
  const memberships = await db
    .select({ userId: teamMembers.userId, id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(ofThem)
    .orderBy(teams.name);
  const open = await db
    .select({ userId: conversations.assigneeId, n: count() })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), ne(conversations.status, 'closed'), isNotNull(conversations.assigneeId), ids ? inArray(conversations.assigneeId, ids) : undefined))
    .groupBy(conversations.assigneeId);
  const openOf = new Map(open.map((o) => [o.userId, o.n]));
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    status: u.deactivatedAt ? 'deactivated' : 'active',
    teams: memberships.filter((m) => m.userId === u.id).map(({ id, name }) => ({ id, name })),
    lastSeenAt: u.lastSeenAt?.toISOString() ?? null,
    deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    openConversations: openOf.get(u.id) ?? 0,
  }));
}

export async function listPeople(db: Db, admin: SessionUser): Promise<ApiUser[]> {
  requireAdmin(admin);
  return peopleViews(db, admin.workspaceId);
}

async function activeAdmins(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), isNull(users.deactivatedAt)));
  return row?.n ?? 0;
}

/**
 * Changes a person's role, name or standing (SPEC §15), each change audited. Effective at once:
 * the session check reads the row on every request, a deactivation also ends their sessions
 * (their sockets close once this commits) and any change re-evaluates their sockets' rooms.
 * Changes of a workspace's people are serialised on its row, so two admins demoting each other at
 * the same moment cannot both succeed and leave it with no admin.
 */
export async function updatePerson(db: Db, admin: SessionUser, userId: string, patch: PersonPatch, clock: Clock, fx: Effects): Promise<ApiUser> {
  requireAdmin(admin);
  const now = clock.now();
  await transaction(db, fx, async (tx, fx) => {
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, admin.workspaceId)).for('update');
    const [target] = await tx.select().from(users).where(and(eq(users.id, userId), eq(users.workspaceId, admin.workspaceId)));
    if (!target) throw new AppError('NOT_FOUND', 'id: no such person in this workspace');
    const before = { role: target.role, active: !target.deactivatedAt };
    const after = { role: patch.role ?? before.role, active: patch.active ?? before.active };
    if (leavesNoAdmin(before, after, await activeAdmins(tx, admin.workspaceId))) {
      const field = after.active ? 'role' : 'active';
      throw new AppError('CONFLICT', `${field}: ${target.name} is the last active admin of this workspace; make someone else an admin first`, { field, reason: 'last_admin' });
    }
    const audit = (action: string, b: Record<string, unknown> | null, a: Record<string, unknown> | null) =>
      recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action, targetType: 'user', targetId: target.id, before: b, after: a, at: now });
    const roleChanged = after.role !== before.role;
    const renamed = patch.name !== undefined && patch.name !== target.name;
    const activeChanged = after.active !== before.active;
    if (!roleChanged && !renamed && !activeChanged) return;
    await tx
      .update(users)
      .set({
        ...(roleChanged ? { role: after.role } : {}),
        ...(renamed ? { name: patch.name } : {}),
        ...(activeChanged ? { deactivatedAt: after.active ? null : now } : {}),
      })
      .where(eq(users.id, target.id));
    if (roleChanged) await audit('user.role_changed', { role: before.role }, { role: after.role });
    if (renamed) await audit('user.renamed', { name: target.name }, { name: patch.name });
    if (activeChanged && !after.active) {
      await endSessionsOf(tx, target.id, now, fx);
      await audit('user.deactivated', { active: true }, { active: false });
    }
    if (activeChanged && after.active) await audit('user.reactivated', { active: false }, { active: true });
    // Their rooms follow their role; the team view lists the agents who may work.
    fx.add({ kind: 'access.changed', userIds: [target.id] }, { kind: 'team.changed', workspaceId: admin.workspaceId });
  });
  const [view] = await peopleViews(db, admin.workspaceId, [userId]);
  return view!;
}
