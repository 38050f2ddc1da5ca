import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { conversationLabels, conversationReads, conversations, labels, users, workspaces } from '@/db/schema';
import { loadReadableConversation, visibleTo } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { recomputeForAssignee } from '@/server/protocols/service';
import { notify } from '@/server/notifications/service';
import { enqueueJob } from '@/server/scheduler/queue';
import type { StatusChange } from './schemas';
import { applyLifecycle } from './apply';
import { assignmentRefusal, onClose, onReopen, onSnooze, onWake, type LifecyclePatch } from './lifecycle';
import { getConversation } from './service';
import { snoozeUntil, type SnoozePreset } from './snooze';

/*
 * What people do to conversations (SPEC §2). Each checks the user may read the conversation
 * (as the queries do), writes in one transaction, and records what changed in `fx`.
 */


export async function setStatus(db: Db, user: SessionUser, conversationId: string, change: StatusChange, now: Date, fx: Effects) {
  await loadReadableConversation(db, user, conversationId);
  await transaction(db, fx, async (tx, fx) => {
    const [row] = await tx
      .select({ conversation: conversations, settings: workspaces.settings })
      .from(conversations)
      .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
      .where(eq(conversations.id, conversationId))
      .for('update', { of: conversations });
    const c = row!.conversation;
    let patch: LifecyclePatch;
    if (change.status === 'snoozed') {
      const snoozed = onSnooze(new Date(change.until), now);
      if (!snoozed) throw new AppError('INVALID_INPUT', 'until: must be in the future');
      patch = snoozed;
      await enqueueJob(tx, { kind: 'conversation.wake', runAt: snoozed.snoozedUntil!, payload: { conversationId } });
    } else {
      patch = change.status === 'open' ? onReopen() : onClose(c, { closeUnassigns: row!.settings.closeUnassigns === true });
    }
    await applyLifecycle(tx, conversationId, patch);
    if ('assigneeId' in patch) await recomputeForAssignee(tx, conversationId);
    fx.add({ kind: 'conversation.changed', conversationId });
    // Closing may unassign (a workspace setting): the agent it was assigned to may lose it.
    if ('assigneeId' in patch && c.assigneeId) fx.add({ kind: 'access.changed', userIds: [c.assigneeId] });
  });
  return getConversation(db, user, conversationId);
}

export function snoozePresetUntil(preset: SnoozePreset, user: SessionUser, now: Date): string {
  return snoozeUntil(preset, now, user.timeZone).toISOString();
}

/** The scheduler wakes a snoozed conversation at its time (the contact writing wakes it sooner). */
export async function wakeConversation(db: Db, conversationId: string, fx: Effects): Promise<void> {
  await transaction(db, fx, async (tx, fx) => {
    const [c] = await tx.select().from(conversations).where(eq(conversations.id, conversationId)).for('update');
    const patch = c ? onWake(c) : {};
    if (Object.keys(patch).length === 0) return;
    await applyLifecycle(tx, conversationId, patch);
    fx.add({ kind: 'conversation.changed', conversationId });
  });
}

/**
 * Assigns (or unassigns with null). Agents may take a conversation for themselves; supervisors
 * and above reassign to anyone in the workspace. Business-clock deadlines follow the new zone.
 */
export async function assign(db: Db, user: SessionUser, conversationId: string, assigneeId: string | null, fx: Effects) {
  const before = await loadReadableConversation(db, user, conversationId);
  const refused = assignmentRefusal(user, assigneeId);
  if (refused) throw new AppError('FORBIDDEN', refused);
  if (assigneeId) {
    const [target] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, assigneeId), eq(users.workspaceId, user.workspaceId)));
    if (!target) throw new AppError('INVALID_INPUT', 'userId: no such user in this workspace');
  }
  await transaction(db, fx, async (tx, fx) => {
    await applyLifecycle(tx, conversationId, { assigneeId });
    await recomputeForAssignee(tx, conversationId);
    fx.add({ kind: 'conversation.changed', conversationId });
    if (assigneeId === before.assigneeId) return;
    // In a team whose agents see only their own, the one it was taken from may read it no more.
    fx.add({ kind: 'access.changed', userIds: [before.assigneeId, assigneeId].filter((id) => id !== null) });
    if (!assigneeId) return;
    await notify(tx, fx, [{ workspaceId: user.workspaceId, userId: assigneeId, kind: 'assigned', conversationId, actorId: user.id }]);
  });
  return getConversation(db, user, conversationId);
}

/** Marks a conversation unread again for this user only. */
export async function markUnread(db: Db, user: SessionUser, conversationId: string) {
  await loadReadableConversation(db, user, conversationId);
  await db.delete(conversationReads).where(and(eq(conversationReads.userId, user.id), eq(conversationReads.conversationId, conversationId)));
}

export const LabelInput = z.object({
  name: z.string().trim().min(1, 'name the label').max(40, 'at most 40 characters'),
  color: z.enum(['slate', 'red', 'amber', 'emerald', 'sky', 'indigo', 'fuchsia']).default('slate'),
});

export async function listLabels(db: Db, user: SessionUser) {
  return db.select().from(labels).where(eq(labels.workspaceId, user.workspaceId)).orderBy(labels.name);
}

/** The campaigns and flows replies were attributed to, in conversations the user may read: the campaign filter's choices. */
export async function listCampaigns(db: Db, user: SessionUser): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: conversations.attributedCampaign })
    .from(conversations)
    .where(and(visibleTo(db, user), isNotNull(conversations.attributedCampaign)))
    .orderBy(conversations.attributedCampaign)
    .limit(500);
  return rows.map((r) => r.name!);
}

export async function createLabel(db: Db, user: SessionUser, input: z.infer<typeof LabelInput>) {
  const [row] = await db.insert(labels).values({ ...input, workspaceId: user.workspaceId }).onConflictDoNothing().returning();
  if (!row) throw new AppError('CONFLICT', `name: a label "${input.name}" already exists`);
  return row;
}

export async function setLabel(db: Db, user: SessionUser, conversationId: string, labelId: string, applied: boolean, fx: Effects) {
  await loadReadableConversation(db, user, conversationId);
  const [label] = await db.select({ id: labels.id }).from(labels).where(and(eq(labels.id, labelId), eq(labels.workspaceId, user.workspaceId)));
  if (!label) throw new AppError('INVALID_INPUT', 'labelId: no such label in this workspace');
  if (applied) await db.insert(conversationLabels).values({ conversationId, labelId }).onConflictDoNothing();
  else await db.delete(conversationLabels).where(and(eq(conversationLabels.conversationId, conversationId), eq(conversationLabels.labelId, labelId)));
  fx.add({ kind: 'conversation.changed', conversationId });
}

