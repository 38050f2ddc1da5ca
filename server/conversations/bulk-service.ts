import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { bulkActions, conversationLabels, conversationReads, conversations, labels } from '@/db/schema';
import type { BulkChange } from '@/db/schema/bulk-actions';
import { conversationNotFound, loadReadableConversation, readableIds } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { recomputeForAssignee } from '@/server/protocols/service';
import { enqueueJob } from '@/server/scheduler/queue';
import { assign, markUnread, setLabel, setStatus } from './actions';
import { applyLifecycle } from './apply';
import { isUndoable, restoreOf, stateFor, UNDO_WINDOW_MS, type BulkKind, type BulkSnapshot } from './bulk';
import { markRead } from './service';

/*
 * Bulk actions on the inbox's selection (SPEC §17): every conversation is checked by the access
 * rule first (one the user may not read refuses the whole action, and nothing is written), then
 * each gets exactly what the one-conversation action does, all in one transaction whose effects
 * are told after it commits. What each had before is kept for the one undo.
 */

export type BulkAction =
  | { kind: 'close' }
  | { kind: 'snooze'; until: string }
  | { kind: 'assign'; userId: string | null }
  | { kind: 'label'; labelId: string; applied: boolean }
  | { kind: 'read' }
  | { kind: 'unread' };

export type BulkResult = { bulkId: string; count: number };

/** The fields bulk actions change, of each conversation, locked for the rest of the transaction. */
async function snapshots(tx: Db, userId: string, ids: string[], labelId: string | null): Promise<Map<string, BulkSnapshot>> {
  const rows = await tx
    .select({
      id: conversations.id,
      status: conversations.status,
      snoozedUntil: conversations.snoozedUntil,
      waitingSince: conversations.waitingSince,
      assigneeId: conversations.assigneeId,
      lastReadAt: conversationReads.lastReadAt,
      labelApplied: labelId
        ? sql<boolean>`exists (select 1 from ${conversationLabels} where ${conversationLabels.conversationId} = ${conversations.id} and ${conversationLabels.labelId} = ${labelId})`
        : sql<boolean>`false`,
    })
    .from(conversations)
    .leftJoin(conversationReads, and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, userId)))
    .where(inArray(conversations.id, ids))
    .for('update', { of: conversations });
  return new Map(rows.map((r) => [r.id, { ...r, labelApplied: Boolean(r.labelApplied) }]));
}

async function applyOne(tx: Db, user: SessionUser, conversationId: string, action: BulkAction, now: Date, fx: Effects): Promise<void> {
  switch (action.kind) {
    case 'close':
      await setStatus(tx, user, conversationId, { status: 'closed' }, now, fx);
      return;
    case 'snooze':
      // The bulk bar's undo is its second thought: it does not stop to ask about each deadline.
      await setStatus(tx, user, conversationId, { status: 'snoozed', until: action.until, pastDeadline: 'snooze_anyway' }, now, fx);
      return;
    case 'assign':
      await assign(tx, user, conversationId, action.userId, fx);
      return;
    case 'label':
      await setLabel(tx, user, conversationId, action.labelId, action.applied, now, fx);
      return;
    case 'read':
      await markRead(tx, user, await loadReadableConversation(tx, user, conversationId), now);
      fx.add({ kind: 'conversation.changed', conversationId });
      return;
    case 'unread':
      await markUnread(tx, user, conversationId);
      fx.add({ kind: 'conversation.changed', conversationId });
  }
}

export async function applyBulk(db: Db, user: SessionUser, conversationIds: string[], action: BulkAction, now: Date, fx: Effects): Promise<BulkResult> {
  const ids = [...new Set(conversationIds)];
  if ((await readableIds(db, user, ids)).size !== ids.length) throw conversationNotFound();
  const labelId = action.kind === 'label' ? action.labelId : null;
  if (labelId) {
    const [label] = await db.select({ id: labels.id }).from(labels).where(and(eq(labels.id, labelId), eq(labels.workspaceId, user.workspaceId)));
    if (!label) throw new AppError('INVALID_INPUT', 'labelId: no such label in this workspace');
  }
  const kind: BulkKind = action.kind;
  return transaction(db, fx, async (tx, fx) => {
    const before = await snapshots(tx, user.id, ids, labelId);
    // Each conversation exactly as its own action does it, in this one transaction: any refusal refuses them all.
    for (const id of ids) await applyOne(tx, user, id, action, now, fx);
    const after = await snapshots(tx, user.id, ids, labelId);
    const changes: BulkChange[] = ids.map((id) => ({ conversationId: id, before: stateFor(kind, before.get(id)!), after: stateFor(kind, after.get(id)!) }));
    const [row] = await tx.insert(bulkActions).values({ workspaceId: user.workspaceId, userId: user.id, action: kind, labelId, changes, createdAt: now }).returning({ id: bulkActions.id });
    // Past their undo window they serve nothing: each user's are cleared as they make new ones.
    await tx.delete(bulkActions).where(and(eq(bulkActions.userId, user.id), lt(bulkActions.createdAt, new Date(now.getTime() - UNDO_WINDOW_MS))));
    return { bulkId: row!.id, count: ids.length };
  });
}

/**
 * The one undo of a bulk action, by the user who did it, within its window: each conversation
 * the action changed and nobody changed since gets back what it had; the others are left as
 * they are now, and counted.
 */
export async function undoBulk(db: Db, user: SessionUser, bulkId: string, now: Date, fx: Effects): Promise<{ restored: number; skipped: number }> {
  return transaction(db, fx, async (tx, fx) => {
    const [action] = await tx
      .select()
      .from(bulkActions)
      .where(and(eq(bulkActions.id, bulkId), eq(bulkActions.userId, user.id), eq(bulkActions.workspaceId, user.workspaceId)))
      .for('update');
    if (!action) throw new AppError('NOT_FOUND', 'bulkId: no such action of yours');
    if (!isUndoable(action, now)) throw new AppError('CONFLICT', 'bulkId: this action can no longer be undone', { reason: 'undo_expired' });
    const kind = action.action as BulkKind;
    const ids = action.changes.map((c) => c.conversationId);
    // Access may have changed since: a conversation no longer readable is not touched.
    const readable = await readableIds(tx, user, ids);
    const current = await snapshots(tx, user.id, [...readable], action.labelId);
    // A label deleted since has nothing to put back.
    const labelGone = action.labelId ? (await tx.select({ id: labels.id }).from(labels).where(eq(labels.id, action.labelId))).length === 0 : false;
    let restored = 0;
    for (const change of action.changes) {
      const state = current.get(change.conversationId);
      const restore = state ? restoreOf(change, stateFor(kind, state), now) : null;
      if (!restore || !state || (labelGone && restore.labelApplied !== undefined)) continue;
      const id = change.conversationId;
      await applyLifecycle(tx, id, restore.lifecycle);
      if (restore.rewakeAt) await enqueueJob(tx, { kind: 'conversation.wake', runAt: restore.rewakeAt, payload: { conversationId: id } });
      if ('assigneeId' in restore.lifecycle && restore.lifecycle.assigneeId !== state.assigneeId) {
        await recomputeForAssignee(tx, id);
        fx.add({ kind: 'access.changed', userIds: [state.assigneeId, restore.lifecycle.assigneeId ?? null].filter((u) => u !== null) });
      }
      if (restore.labelApplied === true) await tx.insert(conversationLabels).values({ conversationId: id, labelId: action.labelId! }).onConflictDoNothing();
      if (restore.labelApplied === false) await tx.delete(conversationLabels).where(and(eq(conversationLabels.conversationId, id), eq(conversationLabels.labelId, action.labelId!)));
      if (restore.lastReadAt === null) await tx.delete(conversationReads).where(and(eq(conversationReads.userId, user.id), eq(conversationReads.conversationId, id)));
      if (restore.lastReadAt) {
        await tx
          .insert(conversationReads)
          .values({ userId: user.id, conversationId: id, lastReadAt: restore.lastReadAt })
          .onConflictDoUpdate({ target: [conversationReads.userId, conversationReads.conversationId], set: { lastReadAt: restore.lastReadAt } });
      }
      fx.add({ kind: 'conversation.changed', conversationId: id });
      restored++;
    }
    await tx.update(bulkActions).set({ undoneAt: now }).where(eq(bulkActions.id, action.id));
    return { restored, skipped: action.changes.length - restored };
  });
}
