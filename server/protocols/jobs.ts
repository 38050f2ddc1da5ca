import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations, deadlines, jobs, teams } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { enqueueJob } from '@/server/scheduler/queue';
import { sendAutoMessage } from './auto-message';
import { escalateAfterBreaches } from './escalation-service';
import { supervisorsOver } from '@/server/access/teams';
import { notify, teamMemberIds } from '@/server/notifications/service';
import { syncRun, WARN_BEFORE_MS } from './service';
import { onInactivity } from './triggers';

/** A deadline fell due: breach it if still unmet, against whoever is assigned now. Idempotent. */
export async function deadlineDue(db: Db, deadlineId: string, clock: Clock, fx: Effects): Promise<void> {
  const now = clock.now();
  await transaction(db, fx, async (tx, fx) => {
    const [d] = await tx.select().from(deadlines).where(eq(deadlines.id, deadlineId));
    // Met, cancelled, or moved later by a new assignee's zone (a newer job covers that).
    if (!d || d.status !== 'pending' || d.dueAt > now) return;
    await escalateAfterBreaches(tx, fx, await syncRun(tx, d.runId, now));
    fx.add({ kind: 'conversation.changed', conversationId: d.conversationId });
  });
}

/**
 * A deadline is 15 minutes away: its conversation's assignee is told, once per deadline moment;
 * when nobody is assigned, those who can take it are (the supervisors who read it, and the members
 * of its team when the team shares its conversations). A deadline met, cancelled or moved later since the job
 * was queued warns no one.
 */
export async function deadlineSoon(db: Db, deadlineId: string, clock: Clock, fx: Effects): Promise<void> {
  const now = clock.now();
  const [row] = await db
    .select({ d: deadlines, assigneeId: conversations.assigneeId, teamId: conversations.teamId, teamVisibility: teams.visibility })
    .from(deadlines)
    .innerJoin(conversations, eq(conversations.id, deadlines.conversationId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(eq(deadlines.id, deadlineId));
  if (!row || row.d.status !== 'pending') return;
  const left = row.d.dueAt.getTime() - now.getTime();
  if (left <= 0 || left > WARN_BEFORE_MS) return;
  const recipients = row.assigneeId
    ? [row.assigneeId]
    : [...new Set([...(await supervisorsOver(db, row.d.workspaceId, row.teamId)), ...(row.teamId && row.teamVisibility === 'shared' ? await teamMemberIds(db, row.teamId) : [])])];
  await notify(
    db,
    fx,
    recipients.map((userId) => ({
      workspaceId: row.d.workspaceId,
      userId,
      kind: 'deadline_soon' as const,
      conversationId: row.d.conversationId,
      data: { stage: row.d.stageName, dueAt: row.d.dueAt.toISOString(), ...(row.assigneeId ? {} : { unassigned: true }) },
      dedupeKey: `deadline_soon:${row.d.id}:${row.d.dueAt.toISOString()}`,
    })),
  );
}

export async function autoMessageDue(db: Db, runId: string, clock: Clock, fx: Effects): Promise<void> {
  const { retryAt } = await sendAutoMessage(db, runId, clock, fx);
  if (retryAt) await enqueueJob(db, { kind: 'protocol.auto_message', runAt: retryAt, payload: { runId } });
}

const SWEEP_EVERY_MS = 60_000;

/** Every minute: start Re-engagement where 14 days passed in silence. Schedules its next run. */
export async function sweep(db: Db, clock: Clock, fx: Effects): Promise<void> {
  const now = clock.now();
  await transaction(db, fx, async (tx, fx) => {
    const started = await onInactivity(tx, now);
    fx.add(...started.conversationIds.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
    await escalateAfterBreaches(tx, fx, started.breaches);
  });
  await enqueueJob(db, { kind: 'maintenance.sweep', runAt: new Date(now.getTime() + SWEEP_EVERY_MS), payload: {} });
}

/** At start-up: make sure a sweep is scheduled (one chain is enough; a second is harmless). */
export async function ensureSweep(db: Db, now: Date): Promise<void> {
  const [pending] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, 'maintenance.sweep'), isNull(jobs.doneAt))).limit(1);
  if (!pending) await enqueueJob(db, { kind: 'maintenance.sweep', runAt: now, payload: {} });
}
