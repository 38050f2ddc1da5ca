import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { conversationLabels, conversationReads, conversations, labels, users, workspaces } from '@/db/schema';
import { COLORS } from '@/db/schema/values';
import { loadReadableConversation, visibleTo } from '@/server/access/conversations';
import { leads } from '@/server/access/teams';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { stopFollowups } from '@/server/followups/scheduling';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { recomputeForAssignee, stopAllRuns } from '@/server/protocols/service';
import { deadlinesOf } from '@/server/protocols/view';
import { notify } from '@/server/notifications/service';
import { enqueueJob } from '@/server/scheduler/queue';
import type { StatusChange } from './schemas';
import { applyLifecycle } from './apply';
import { assignmentRefusal, onClose, onReopen, onSnooze, onWake, type LifecyclePatch } from './lifecycle';
import { getConversation } from './service';
import { deadlineSleptThrough, snoozeUntil, type SnoozePreset } from './snooze';

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
      const slept = change.pastDeadline === 'ask' ? deadlineSleptThrough(snoozed.snoozedUntil!, await deadlinesOf(tx, conversationId)) : null;
      if (slept) {
        throw new AppError('SNOOZE_PAST_DEADLINE', `until: "${slept.stage}" is due at ${slept.dueAt}, before the snooze ends; send pastDeadline "snooze_anyway" to snooze anyway`, {
          reason: 'snooze_past_deadline',
          protocol: slept.protocol,
          stage: slept.stage,
          dueAt: slept.dueAt,
          until: snoozed.snoozedUntil!.toISOString(),
        });
      }
      patch = snoozed;
      await enqueueJob(tx, { kind: 'conversation.wake', runAt: snoozed.snoozedUntil!, payload: { conversationId } });
    } else {
      patch = change.status === 'open' ? onReopen() : onClose(c, { closeUnassigns: row!.settings.closeUnassigns === true });
    }
    if (change.status === 'closed' && c.status !== 'closed') {
      // Before a close that unassigns: a stage already past due had breached against the agent it had then.
      await escalateAfterBreaches(tx, fx, await stopAllRuns(tx, conversationId, 'closed', now));
    }
    await applyLifecycle(tx, conversationId, patch);
    if ('assigneeId' in patch) await recomputeForAssignee(tx, conversationId);
    if (change.status === 'closed' && c.status !== 'closed') await stopFollowups(tx, fx, [conversationId], 'conversation_closed', now);
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
 * reassign to the people of the teams they lead, managers and admins to anyone in the workspace.
 * Business-clock deadlines follow the new zone.
 */
export async function assign(db: Db, user: SessionUser, conversationId: string, assigneeId: string | null, fx: Effects) {
  const before = await loadReadableConversation(db, user, conversationId);
  const refused = assignmentRefusal(user, assigneeId);
  if (refused) throw new AppError('FORBIDDEN', refused);
  if (assigneeId) {
    const [target] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, assigneeId), eq(users.workspaceId, user.workspaceId), isNull(users.deactivatedAt)));
    if (!target) throw new AppError('INVALID_INPUT', 'userId: no such active user in this workspace');
    if (assigneeId !== user.id && !(await leads(db, user, assigneeId))) {
      throw new AppError('FORBIDDEN', 'userId: a supervisor assigns only to themselves or to the people of the teams they lead');
    }
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
  color: z.enum(COLORS).default('slate'),
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

/** Adds or removes a label; a label added is a stop trigger of follow-ups (SPEC §7). */
export async function setLabel(db: Db, user: SessionUser, conversationId: string, labelId: string, applied: boolean, now: Date, fx: Effects) {
  await loadReadableConversation(db, user, conversationId);
  const [label] = await db.select({ id: labels.id }).from(labels).where(and(eq(labels.id, labelId), eq(labels.workspaceId, user.workspaceId)));
  if (!label) throw new AppError('INVALID_INPUT', 'labelId: no such label in this workspace');
  await transaction(db, fx, async (tx, fx) => {
    await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conversationId)).for('update');
    if (!applied) {
      await tx.delete(conversationLabels).where(and(eq(conversationLabels.conversationId, conversationId), eq(conversationLabels.labelId, labelId)));
    } else {
      const added = await tx.insert(conversationLabels).values({ conversationId, labelId }).onConflictDoNothing().returning();
      if (added.length > 0) await stopFollowups(tx, fx, [conversationId], 'label_added', now);
    }
    fx.add({ kind: 'conversation.changed', conversationId });
  });
}

