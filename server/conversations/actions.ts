import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { contacts, conversationLabels, conversationReads, conversations, labels, users, workspaces } from '@/db/schema';
import { loadReadableContact } from '@/server/access/contacts';
import { loadReadableConversation, visibleTo } from '@/server/access/conversations';
import { isLead } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { escalateAfterBreaches, noBreaches } from '@/server/protocols/escalation-service';
import { publishConversationChanges } from '@/server/conversations/publish';
import { recomputeForAssignee, stopRuns } from '@/server/protocols/service';
import { notify } from '@/server/notifications/service';
import { enqueueJob } from '@/server/scheduler/queue';
import type { StatusChange } from './schemas';
import { getConversation } from './service';
import { snoozeUntil, type SnoozePreset } from './snooze';

/*
 * What people do to conversations (SPEC §2). Each checks the user may read the conversation
 * (as the queries do), writes in one transaction, and publishes after it commits.
 */


export async function setStatus(db: Db, user: SessionUser, conversationId: string, change: StatusChange, now: Date) {
  await loadReadableConversation(db, user, conversationId);
  await db.transaction(async (tx) => {
    if (change.status === 'snoozed') {
      const until = new Date(change.until);
      if (until <= now) throw new AppError('INVALID_INPUT', 'until: must be in the future');
      await tx.update(conversations).set({ status: 'snoozed', snoozedUntil: until }).where(eq(conversations.id, conversationId));
      await enqueueJob(tx, { kind: 'conversation.wake', runAt: until, payload: { conversationId } });
      return;
    }
    if (change.status === 'open') {
      await tx.update(conversations).set({ status: 'open', snoozedUntil: null }).where(eq(conversations.id, conversationId));
      return;
    }
    const [row] = await tx
      .select({ settings: workspaces.settings })
      .from(conversations)
      .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
      .where(eq(conversations.id, conversationId));
    // A workspace setting decides whether closing also unassigns (SPEC §2).
    const unassign = row?.settings.closeUnassigns === true;
    await tx
      .update(conversations)
      // Closed: nobody is expected to answer, so the contact is no longer waiting.
      .set({ status: 'closed', snoozedUntil: null, waitingSince: null, ...(unassign ? { assigneeId: null } : {}) })
      .where(eq(conversations.id, conversationId));
    if (unassign) await recomputeForAssignee(tx, conversationId);
  });
  await publishConversationChanges(db, [conversationId], undefined, [user.workspaceId]);
  return getConversation(db, user, conversationId);
}

export function snoozePresetUntil(preset: SnoozePreset, user: SessionUser, now: Date): string {
  return snoozeUntil(preset, now, user.timeZone).toISOString();
}

/** The scheduler wakes a snoozed conversation at its time (the contact writing wakes it sooner). */
export async function wakeConversation(db: Db, conversationId: string): Promise<void> {
  const [woken] = await db
    .update(conversations)
    .set({ status: 'open', snoozedUntil: null })
    .where(and(eq(conversations.id, conversationId), eq(conversations.status, 'snoozed')))
    .returning({ workspaceId: conversations.workspaceId });
  if (woken) await publishConversationChanges(db, [conversationId], undefined, [woken.workspaceId]);
}

/**
 * Assigns (or unassigns with null). Agents may take a conversation for themselves; supervisors
 * and above reassign to anyone in the workspace. Business-clock deadlines follow the new zone.
 */
export async function assign(db: Db, user: SessionUser, conversationId: string, assigneeId: string | null) {
  const before = await loadReadableConversation(db, user, conversationId);
  if (!isLead(user.role) && assigneeId !== user.id) {
    throw new AppError('FORBIDDEN', 'Agents may only assign conversations to themselves.');
  }
  if (assigneeId) {
    const [target] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, assigneeId), eq(users.workspaceId, user.workspaceId)));
    if (!target) throw new AppError('INVALID_INPUT', 'userId: no such user in this workspace');
  }
  const notifications = await db.transaction(async (tx) => {
    await tx.update(conversations).set({ assigneeId }).where(eq(conversations.id, conversationId));
    await recomputeForAssignee(tx, conversationId);
    if (!assigneeId || assigneeId === before.assigneeId) return [];
    return notify(tx, [{ workspaceId: user.workspaceId, userId: assigneeId, kind: 'assigned', conversationId, actorId: user.id }]);
  });
  await publishConversationChanges(db, [conversationId], { notices: [], notifications }, [user.workspaceId]);
  return getConversation(db, user, conversationId);
}

/** Marks a conversation unread again for this user only. */
export async function markUnread(db: Db, user: SessionUser, conversationId: string) {
  await loadReadableConversation(db, user, conversationId);
  await db.delete(conversationReads).where(and(eq(conversationReads.userId, user.id), eq(conversationReads.conversationId, conversationId)));
}

/**
 * Blocking a contact closes their conversations and stops their protocols; later messages are
 * kept but reopen nothing and notify no one (SPEC §2). Unblocking lets them through again.
 */
export async function setBlocked(db: Db, user: SessionUser, contactId: string, blocked: boolean, now: Date) {
  await loadReadableContact(db, user, contactId);
  const rows = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, contactId));
  const ids = rows.map((r) => r.id);
  const notices = await db.transaction(async (tx) => {
    await tx.update(contacts).set({ blocked }).where(eq(contacts.id, contactId));
    if (!blocked) return noBreaches;
    if (ids.length > 0) await tx.update(conversations).set({ status: 'closed', snoozedUntil: null, waitingSince: null }).where(inArray(conversations.id, ids));
    return escalateAfterBreaches(tx, await stopRuns(tx, ids, 'contact.blocked', now));
  });
  await publishConversationChanges(db, ids, notices, [user.workspaceId]);
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

export async function setLabel(db: Db, user: SessionUser, conversationId: string, labelId: string, applied: boolean) {
  await loadReadableConversation(db, user, conversationId);
  const [label] = await db.select({ id: labels.id }).from(labels).where(and(eq(labels.id, labelId), eq(labels.workspaceId, user.workspaceId)));
  if (!label) throw new AppError('INVALID_INPUT', 'labelId: no such label in this workspace');
  if (applied) await db.insert(conversationLabels).values({ conversationId, labelId }).onConflictDoNothing();
  else await db.delete(conversationLabels).where(and(eq(conversationLabels.conversationId, conversationId), eq(conversationLabels.labelId, labelId)));
  await publishConversationChanges(db, [conversationId], undefined, [user.workspaceId]);
}

