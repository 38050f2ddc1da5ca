import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, teamMembers, teams, users } from '@/db/schema';
import { isAdmin } from '@/server/access/roles';
import { recordAudit } from '@/server/audit/record';
import type { SessionUser } from '@/server/auth/session';
import { applyLifecycle } from '@/server/conversations/apply';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { notify } from '@/server/notifications/service';
import { recomputeForAssignee } from '@/server/protocols/service';
import { onlineUserIds } from '@/server/realtime/presence';
import { presenceOf } from '@/server/users/availability';
import { nextInTurn, turnAfter } from './round-robin';

/*
 * Routing (SPEC §15): a channel's setting says which team its new conversations belong to, and a
 * team that takes turns assigns each to the member whose turn it is among those online.
 */

type Channel = typeof channels.$inferSelect;

async function isTeamOf(db: Db, workspaceId: string, teamId: string): Promise<boolean> {
  const [team] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.id, teamId), eq(teams.workspaceId, workspaceId)));
  return team !== undefined;
}

/** The team a new conversation of this channel belongs to: the channel's default, if it is still a team of the workspace. */
export async function defaultTeamOf(db: Db, channel: Channel): Promise<string | null> {
  const teamId = channel.settings.defaultTeamId;
  return teamId && (await isTeamOf(db, channel.workspaceId, teamId)) ? teamId : null;
}

/**
 * Whose turn it is in a team that takes turns, recorded as theirs; null when the team does not
 * take turns or nobody of it is online. The team's row lock makes concurrent arrivals take turns
 * one after the other, each seeing the turn the previous one took. (`no key update`: a
 * conversation inserted with this team holds a key-share lock on the row, which that allows.)
 */
async function takeTurn(db: Db, teamId: string): Promise<string | null> {
  const members = await db
    .select({ userId: teamMembers.userId, availability: users.availability })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId));
  // Presence lives in the sockets, asked before the lock so the lock is held only for the turn.
  const tabs = await onlineUserIds(members.filter((m) => m.availability === 'online').map((m) => m.userId));
  const online = new Set(members.filter((m) => presenceOf(m.availability, tabs.has(m.userId)) === 'online').map((m) => m.userId));
  const [team] = await db.select({ roundRobin: teams.roundRobin }).from(teams).where(eq(teams.id, teamId)).for('no key update');
  if (!team?.roundRobin || online.size === 0) return null;
  const turns = await db.select({ userId: teamMembers.userId, lastTurn: teamMembers.lastTurn }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  const next = nextInTurn(turns.filter((t) => online.has(t.userId)));
  if (next) {
    await db
      .update(teamMembers)
      .set({ lastTurn: turnAfter(turns.map((t) => t.lastTurn)) })
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, next)));
  }
  return next;
}

/**
 * A new conversation routed to a team that takes turns is assigned to whoever's turn it is, in
 * the caller's transaction: its business-clock deadlines follow their zone and they are told.
 * Called after the conversation's protocols started, so a breach at once (a late webhook) counts
 * against nobody.
 */
export async function assignInTurn(db: Db, fx: Effects, c: { id: string; workspaceId: string; teamId: string }): Promise<void> {
  const assigneeId = await takeTurn(db, c.teamId);
  if (!assigneeId) return;
  await applyLifecycle(db, c.id, { assigneeId });
  await recomputeForAssignee(db, c.id);
  fx.add({ kind: 'conversation.changed', conversationId: c.id }, { kind: 'access.changed', userIds: [assigneeId] });
  await notify(db, fx, [{ workspaceId: c.workspaceId, userId: assigneeId, kind: 'assigned', conversationId: c.id, actorId: null }]);
}

/** A team of the workspace, or INVALID_INPUT naming the field (also for Settings → Channels, which sets the same setting). */
export async function assertTeamOfWorkspace(db: Db, workspaceId: string, teamId: string, field: string): Promise<void> {
  if (!(await isTeamOf(db, workspaceId, teamId))) throw new AppError('INVALID_INPUT', `${field}: no such team in this workspace`);
}

/** The workspace's channels and the team each routes to: the routing table of Settings → Teams. */
export async function channelRouting(db: Db, admin: SessionUser) {
  const rows = await db.select().from(channels).where(eq(channels.workspaceId, admin.workspaceId)).orderBy(channels.name);
  return rows.map((c) => ({ channelId: c.id, name: c.name, kind: c.kind, defaultTeamId: c.settings.defaultTeamId ?? null }));
}

/** Admins choose the team a channel's new conversations belong to (null: none); audited. */
export async function setChannelDefaultTeam(db: Db, admin: SessionUser, channelId: string, teamId: string | null, now: Date, fx: Effects) {
  if (!isAdmin(admin.role)) throw new AppError('FORBIDDEN', 'Only admins route channels to teams.');
  return transaction(db, fx, async (tx) => {
    const [channel] = await tx.select().from(channels).where(and(eq(channels.id, channelId), eq(channels.workspaceId, admin.workspaceId))).for('update');
    if (!channel) throw new AppError('NOT_FOUND', 'channelId: no such channel in this workspace');
    if (teamId) await assertTeamOfWorkspace(tx, admin.workspaceId, teamId, 'teamId');
    const before = channel.settings.defaultTeamId ?? null;
    const { defaultTeamId: _old, ...rest } = channel.settings;
    await tx.update(channels).set({ settings: teamId ? { ...rest, defaultTeamId: teamId } : rest }).where(eq(channels.id, channelId));
    if (before !== teamId) {
      await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'channel.changed', targetType: 'channel', targetId: channelId, before: { defaultTeamId: before }, after: { defaultTeamId: teamId }, at: now });
    }
    return { channelId, defaultTeamId: teamId };
  });
}
