import { and, asc, eq, gt, inArray, isNull, min, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { breaches, conversations, deadlines, jobs, messages, protocolRuns, protocols, users, workspaces } from '@/db/schema';
import { ON_ITS_WAY, PERSON_AUTHOR_KINDS } from '@/server/conversations/lifecycle';
import { enqueueJobs } from '@/server/scheduler/queue';
import { DEFAULT_QUIET_HOURS, dueAt, type QuietHours } from './deadline';
import { autoMessageJobs, deadlineJobs, deadlineValues } from './run-plan';
import { evaluateStages } from './stages';

export type Protocol = typeof protocols.$inferSelect;
export type NewBreach = { id: string; agentId: string | null; workspaceId: string; conversationId: string; stageName: string; occurredAt: Date };

async function clockContext(db: Db, conversationId: string) {
  const [row] = await db
    .select({ conversation: conversations, workspace: workspaces, assigneeZone: users.timeZone })
    .from(conversations)
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .where(eq(conversations.id, conversationId));
  if (!row) throw new Error(`conversation ${conversationId} not found`);
  return {
    conversation: row.conversation,
    workspace: row.workspace,
    // The business clock is read in the assigned agent's zone, or the workspace's while unassigned.
    zone: row.assigneeZone ?? row.workspace.timeZone,
    quiet: (row.workspace.settings.businessQuietHours ?? DEFAULT_QUIET_HOURS) as QuietHours,
  };
}

export { WARN_BEFORE_MS } from './run-plan';

/** Starts a protocol on a conversation (once per protocol while one is running). */
export async function startRun(db: Db, protocol: Protocol, conversationId: string, startedAt: Date, now: Date): Promise<NewBreach[]> {
  const [running] = await db
    .select({ id: protocolRuns.id })
    .from(protocolRuns)
    .where(and(eq(protocolRuns.protocolId, protocol.id), eq(protocolRuns.conversationId, conversationId), isNull(protocolRuns.stoppedAt)));
  if (running) return [];
  const ctx = await clockContext(db, conversationId);
  const [run] = await db
    .insert(protocolRuns)
    .values({ workspaceId: protocol.workspaceId, protocolId: protocol.id, conversationId, startedAt })
    .returning();
  const rows = await db.insert(deadlines).values(deadlineValues(protocol, run!, ctx)).returning();
  // One statement for all of the run's jobs.
  await enqueueJobs(db, [...rows.flatMap(deadlineJobs), ...autoMessageJobs(protocol, run!.id, startedAt)]);
  return syncRun(db, run!.id, now);
}

/**
 * Brings a run's deadlines up to date with the facts (the clock and the messages people sent),
 * and records a breach for each required stage that passed its deadline unmet.
 */
export async function syncRun(db: Db, runId: string, now: Date): Promise<NewBreach[]> {
  const [run] = await db.select().from(protocolRuns).where(eq(protocolRuns.id, runId));
  if (!run) return [];
  const rows = await db.select().from(deadlines).where(eq(deadlines.runId, runId)).orderBy(asc(deadlines.stageIndex));
  const personMessages = await db
    .select({ id: messages.id, at: messages.sentAt })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, run.conversationId),
        eq(messages.direction, 'outbound'),
        inArray(messages.authorKind, [...PERSON_AUTHOR_KINDS]),
        inArray(messages.status, [...ON_ITS_WAY]),
        gt(messages.sentAt, run.startedAt),
      ),
    )
    .orderBy(asc(messages.sentAt));
  const outcomes = evaluateStages({ dues: rows.map((d) => d.dueAt), personMessages, startedAt: run.startedAt, stoppedAt: run.stoppedAt, now });
  const [conversation] = await db.select({ assigneeId: conversations.assigneeId }).from(conversations).where(eq(conversations.id, run.conversationId));
  const created: NewBreach[] = [];
  for (const [i, d] of rows.entries()) {
    const next = outcomes[i]!;
    if (next.status === d.status && next.metByMessageId === d.metByMessageId) continue;
    await db
      .update(deadlines)
      .set({ status: next.status, metAt: next.metAt, metByMessageId: next.metByMessageId })
      .where(eq(deadlines.id, d.id));
    const breachedNow = d.status === 'pending' && (next.status === 'breached' || next.status === 'met_late');
    if (breachedNow && d.enforcement === 'required') {
      // Against the agent assigned at the moment it breached; a later reply does not undo it.
      const [breach] = await db
        .insert(breaches)
        .values({
          workspaceId: d.workspaceId,
          deadlineId: d.id,
          conversationId: d.conversationId,
          agentId: conversation?.assigneeId ?? null,
          occurredAt: d.dueAt,
        })
        .onConflictDoNothing({ target: breaches.deadlineId })
        .returning();
      if (breach) {
        created.push({ id: breach.id, agentId: breach.agentId, workspaceId: breach.workspaceId, conversationId: breach.conversationId, stageName: d.stageName, occurredAt: breach.occurredAt });
      }
    }
  }
  await refreshNextDue(db, run.conversationId);
  return created;
}

/** The conversation's most urgent open deadline (pending, or breached with no reply yet). */
export async function refreshNextDue(db: Db, conversationId: string): Promise<void> {
  const [row] = await db
    .select({ next: min(deadlines.dueAt) })
    .from(deadlines)
    .where(and(eq(deadlines.conversationId, conversationId), inArray(deadlines.status, ['pending', 'breached'])));
  await db.update(conversations).set({ nextDueAt: row?.next ?? null }).where(eq(conversations.id, conversationId));
}

export async function activeRunIds(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: protocolRuns.id })
    .from(protocolRuns)
    .where(and(eq(protocolRuns.conversationId, conversationId), isNull(protocolRuns.stoppedAt)));
  return rows.map((r) => r.id);
}

/** A person on our side wrote: every running protocol of the conversation may have a stage met. */
export async function onPersonMessage(db: Db, conversationId: string, now: Date): Promise<NewBreach[]> {
  const created: NewBreach[] = [];
  for (const runId of await activeRunIds(db, conversationId)) created.push(...(await syncRun(db, runId, now)));
  return created;
}

/** Stops the running protocols of these conversations that list `event` among their stop events. */
export async function stopRuns(db: Db, conversationIds: string[], event: string, now: Date): Promise<NewBreach[]> {
  if (conversationIds.length === 0) return [];
  const runs = await db
    .select({ id: protocolRuns.id })
    .from(protocolRuns)
    .innerJoin(protocols, eq(protocols.id, protocolRuns.protocolId))
    .where(
      and(
        inArray(protocolRuns.conversationId, conversationIds),
        isNull(protocolRuns.stoppedAt),
        sql`${event} = any(${protocols.stopEvents})`,
      ),
    );
  const created: NewBreach[] = [];
  for (const run of runs) {
    await db.update(protocolRuns).set({ stoppedAt: now, stopReason: event }).where(eq(protocolRuns.id, run.id));
    created.push(...(await syncRun(db, run.id, now)));
  }
  return created;
}

/**
 * Closing a conversation stops every protocol running on it (SPEC §4, reason `closed`): what is
 * pending is cancelled, and the warnings, breach checks and auto-messages queued for those runs
 * are settled so no process wakes for them.
 */
export async function stopAllRuns(db: Db, conversationId: string, reason: 'closed', now: Date): Promise<NewBreach[]> {
  const runIds = await activeRunIds(db, conversationId);
  if (runIds.length === 0) return [];
  const created: NewBreach[] = [];
  for (const runId of runIds) {
    await db.update(protocolRuns).set({ stoppedAt: now, stopReason: reason }).where(eq(protocolRuns.id, runId));
    created.push(...(await syncRun(db, runId, now)));
  }
  // A stopped run has nothing pending left: every job of its deadlines would find nothing to do.
  const settled = await db.select({ id: deadlines.id }).from(deadlines).where(inArray(deadlines.runId, runIds));
  await settleJobs(db, now, [
    ...settled.map((d) => sql`(${jobs.kind} in ('deadline.warn', 'deadline.due') and ${jobs.payload}->>'deadlineId' = ${d.id})`),
    ...runIds.map((id) => sql`(${jobs.kind} = 'protocol.auto_message' and ${jobs.payload}->>'runId' = ${id})`),
  ]);
  return created;
}

/** Marks the unclaimed, undone jobs matching any of `matches` done, with nothing run. */
async function settleJobs(db: Db, now: Date, matches: SQL[]): Promise<void> {
  if (matches.length === 0) return;
  await db
    .update(jobs)
    .set({ doneAt: now })
    .where(and(isNull(jobs.doneAt), sql`(${sql.join(matches, sql` or `)})`));
}

/**
 * Pending business-clock deadlines of a conversation computed again from their start, in the zone
 * and quiet hours that apply now; `onlyNewZone` skips those already read in that zone.
 */
async function recomputeBusinessDeadlines(db: Db, conversationId: string, onlyNewZone: boolean): Promise<void> {
  const ctx = await clockContext(db, conversationId);
  const pending = await db
    .select({ d: deadlines, stages: protocols.stages })
    .from(deadlines)
    .innerJoin(protocolRuns, eq(protocolRuns.id, deadlines.runId))
    .innerJoin(protocols, eq(protocols.id, protocolRuns.protocolId))
    .where(and(eq(deadlines.conversationId, conversationId), eq(deadlines.status, 'pending'), eq(deadlines.clock, 'business')));
  for (const { d, stages } of pending) {
    const stage = stages[d.stageIndex];
    if (!stage || (onlyNewZone && d.zone === ctx.zone)) continue;
    const due = dueAt(d.startedAt, stage.offsetMinutes, 'business', ctx.zone, ctx.quiet);
    if (due.getTime() === d.dueAt.getTime() && d.zone === ctx.zone) continue;
    await db.update(deadlines).set({ zone: ctx.zone, dueAt: due }).where(eq(deadlines.id, d.id));
    await enqueueJobs(db, deadlineJobs({ id: d.id, dueAt: due }));
  }
  await refreshNextDue(db, conversationId);
}

/**
 * The assignee changed: business-clock deadlines still pending are read in the new agent's
 * zone from now on (SPEC §4), so their due times are computed again.
 */
export async function recomputeForAssignee(db: Db, conversationId: string): Promise<void> {
  await recomputeBusinessDeadlines(db, conversationId, true);
}

/**
 * The workspace's business quiet hours or zone changed: every pending business-clock deadline of
 * the workspace is computed again with them (SPEC §4). Returns the conversations it touched.
 */
export async function recomputeForWorkspaceClock(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: deadlines.conversationId })
    .from(deadlines)
    .where(and(eq(deadlines.workspaceId, workspaceId), eq(deadlines.status, 'pending'), eq(deadlines.clock, 'business')));
  for (const { id } of rows) await recomputeBusinessDeadlines(db, id, false);
  return rows.map((r) => r.id);
}
