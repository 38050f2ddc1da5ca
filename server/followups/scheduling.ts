import { and, desc, eq, inArray, isNull, max, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, conversationLabels, conversations, followupLogs, followupRuns, followups, messages } from '@/db/schema';
import type { FollowupSettings, FollowupStopTrigger } from '@/db/schema/followups';
import type { FOLLOWUP_LOG_STATUSES } from '@/db/schema/values';
import { ON_ITS_WAY } from '@/server/conversations/lifecycle';
import type { Effects } from '@/server/effects/unit-of-work';
import { enqueueJob } from '@/server/scheduler/queue';
import { currentStage } from '@/server/templates/service';
import { OPEN_RUN_STATUSES, planInteraction, stops, type FollowupConversation } from './policy';

/*
 * Where follow-ups meet the rest of the product (SPEC §7): every interaction schedules or moves
 * them, every stop trigger cancels them, each in the caller's transaction with the
 * conversation's row locked, and each change is logged with its reason.
 */

type Run = typeof followupRuns.$inferSelect;
type LogStatus = (typeof FOLLOWUP_LOG_STATUSES)[number];

/** Writes one log entry for `run`; the conversation's screens are told. */
export async function logRun(tx: Db, fx: Effects, run: Pick<Run, 'id' | 'workspaceId' | 'followupId' | 'conversationId' | 'dueAt'>, status: LogStatus, reason: string, at: Date) {
  await tx.insert(followupLogs).values({ workspaceId: run.workspaceId, followupId: run.followupId, conversationId: run.conversationId, runId: run.id, status, reason, at, dueAt: run.dueAt });
  fx.add({ kind: 'conversation.changed', conversationId: run.conversationId });
}

/** The run's job: at its due time (a moved run's earlier job finds it not yet due and leaves it). */
export const enqueueDue = (tx: Db, run: Pick<Run, 'id' | 'dueAt'>) => enqueueJob(tx, { kind: 'followup.due', runAt: run.dueAt, payload: { runId: run.id } });

/** Settles an open run as sent, skipped or cancelled, and logs it; false when it was no longer open. */
export async function settleRun(tx: Db, fx: Effects, runId: string, outcome: { status: 'sent' | 'skipped' | 'cancelled'; reason: string; messageId?: string }, now: Date): Promise<boolean> {
  const [run] = await tx
    .update(followupRuns)
    .set({ status: outcome.status, reason: outcome.reason, messageId: outcome.messageId ?? null, settledAt: now })
    .where(and(eq(followupRuns.id, runId), inArray(followupRuns.status, [...OPEN_RUN_STATUSES])))
    .returning();
  if (!run) return false;
  await logRun(tx, fx, run, outcome.status, outcome.reason, now);
  return true;
}

type Head = { id: string; workspaceId: string; status: FollowupConversation['status']; channelKind: FollowupConversation['channelKind'] };

async function headOf(tx: Db, conversationId: string): Promise<Head | null> {
  const [row] = await tx
    .select({ id: conversations.id, workspaceId: conversations.workspaceId, status: conversations.status, channelKind: channels.kind })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .where(eq(conversations.id, conversationId));
  return row ?? null;
}

async function stateOf(tx: Db, head: Head): Promise<FollowupConversation> {
  // A silence starts at the last message a person wrote: the contact, or one of us (not an automation).
  const [interaction] = await tx
    .select({ at: max(messages.sentAt) })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, head.id),
        or(
          and(eq(messages.direction, 'inbound'), eq(messages.authorKind, 'contact')),
          and(eq(messages.direction, 'outbound'), eq(messages.authorKind, 'agent'), inArray(messages.status, [...ON_ITS_WAY])),
        ),
      ),
    );
  const [newest] = await tx
    .select({ direction: messages.direction })
    .from(messages)
    .where(and(eq(messages.conversationId, head.id), notInArray(messages.status, ['scheduled', 'cancelled', 'failed'])))
    .orderBy(desc(messages.sentAt), desc(messages.id))
    .limit(1);
  const labels = await tx.select({ id: conversationLabels.labelId }).from(conversationLabels).where(eq(conversationLabels.conversationId, head.id));
  return {
    channelKind: head.channelKind,
    status: head.status,
    lastInteractionAt: interaction?.at ?? null,
    lastMessageOurs: newest?.direction === 'outbound',
    labelIds: labels.map((l) => l.id),
    stage: await currentStage(tx, head.id),
  };
}

/** The conversation as the follow-up rules read it, in the caller's transaction. */
export async function followupConversation(tx: Db, conversationId: string): Promise<FollowupConversation | null> {
  const head = await headOf(tx, conversationId);
  return head && stateOf(tx, head);
}

const settingsOf = (f: typeof followups.$inferSelect): FollowupSettings => ({
  delayMinutes: f.delayMinutes,
  conditions: f.conditions,
  message: f.message,
  whatsappTemplateId: f.whatsappTemplateId,
  stopOn: f.stopOn,
});

/**
 * A person wrote in the conversation (the contact, or one of us): the active follow-ups it now
 * meets are scheduled at this silence plus their delay, those waiting on an earlier silence are
 * moved there, and those it no longer meets are cancelled. `dueFrom`: none is newly scheduled
 * to fall due before it (a follow-up switched on while the conversation was already silent).
 */
export async function followupsAfterInteraction(tx: Db, fx: Effects, conversationId: string, now: Date, opts: { dueFrom?: Date } = {}): Promise<void> {
  const head = await headOf(tx, conversationId);
  if (!head) return;
  const { workspaceId } = head;
  const rules = await tx
    .select()
    .from(followups)
    .where(and(eq(followups.workspaceId, workspaceId), eq(followups.active, true), isNull(followups.deletedAt), sql`${head.channelKind}::channel_kind = any(${followups.channelKinds})`));
  // Most workspaces have none for most channels: every message pays only the two reads above.
  if (rules.length === 0) return;
  const state = await stateOf(tx, head);
  const silence = state.lastInteractionAt;
  const runs = await tx
    .select()
    .from(followupRuns)
    .where(
      and(
        eq(followupRuns.conversationId, conversationId),
        or(inArray(followupRuns.status, [...OPEN_RUN_STATUSES]), silence ? eq(followupRuns.silenceAt, silence) : sql`false`),
      ),
    );
  const byId = new Map(rules.map((r) => [r.id, r]));
  const steps = planInteraction(state, rules, runs).filter((step) => !(step.action === 'schedule' && opts.dueFrom && step.dueAt < opts.dueFrom));
  for (const step of steps) {
    if (step.action === 'cancel') {
      await settleRun(tx, fx, step.runId, { status: 'cancelled', reason: step.reason }, now);
      continue;
    }
    const settings = settingsOf(byId.get(step.followupId)!);
    if (step.action === 'move') {
      const [run] = await tx
        .update(followupRuns)
        .set({ silenceAt: step.silenceAt, dueAt: step.dueAt, status: 'pending', settings })
        .where(eq(followupRuns.id, step.runId))
        .returning();
      await logRun(tx, fx, run!, 'scheduled', 'moved', now);
      await enqueueDue(tx, run!);
      continue;
    }
    const [run] = await tx
      .insert(followupRuns)
      .values({ workspaceId, followupId: step.followupId, conversationId, silenceAt: step.silenceAt, dueAt: step.dueAt, settings })
      .onConflictDoNothing()
      .returning();
    if (!run) continue;
    await logRun(tx, fx, run, 'scheduled', 'conditions_met', now);
    await enqueueDue(tx, run);
  }
}

/**
 * A stop trigger happened on these conversations (SPEC §7): on each, every open follow-up is
 * cancelled when one of them lists it, or whenever the contact wrote (a reply before the delay
 * cancels it).
 */
export async function stopFollowups(tx: Db, fx: Effects, conversationIds: string[], trigger: FollowupStopTrigger, now: Date, opts: { contactWrote?: boolean } = {}): Promise<void> {
  if (conversationIds.length === 0) return;
  const open = await tx
    .select()
    .from(followupRuns)
    .where(and(inArray(followupRuns.conversationId, conversationIds), inArray(followupRuns.status, [...OPEN_RUN_STATUSES])));
  for (const conversationId of new Set(open.map((r) => r.conversationId))) {
    const theirs = open.filter((r) => r.conversationId === conversationId);
    if (!stops(trigger, theirs.map((r) => r.settings.stopOn), opts.contactWrote === true)) continue;
    for (const run of theirs) await settleRun(tx, fx, run.id, { status: 'cancelled', reason: trigger }, now);
  }
}

/** A follow-up switched off or deleted: its open runs on every conversation are cancelled and logged. */
export async function cancelRunsOf(tx: Db, fx: Effects, followupId: string, reason: 'deactivated' | 'deleted', now: Date): Promise<void> {
  const open = await tx
    .select({ id: followupRuns.id })
    .from(followupRuns)
    .where(and(eq(followupRuns.followupId, followupId), inArray(followupRuns.status, [...OPEN_RUN_STATUSES])));
  for (const run of open) await settleRun(tx, fx, run.id, { status: 'cancelled', reason }, now);
}
