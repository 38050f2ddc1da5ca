import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { jobs } from '@/db/schema';

export type JobKind =
  | 'message.release_scheduled'
  | 'deadline.warn'
  | 'deadline.due'
  | 'protocol.auto_message'
  | 'conversation.wake'
  | 'maintenance.sweep'
  | 'send_keys.purge'
  | 'templates.sync'
  | 'contact.profile'
  | 'contact.profile_line'
  | 'followup.due'
  | 'followup.activated'
  | 'short_links.purge'
  | 'media.download';

export type NewJob = { kind: JobKind; runAt: Date; payload: Record<string, unknown> };

export async function enqueueJob(db: Db, job: NewJob) {
  await enqueueJobs(db, [job]);
}

/** Several jobs in one statement: a new run's deadlines schedule seven at once. */
export async function enqueueJobs(db: Db, list: NewJob[]) {
  if (list.length > 0) await insertJobs(db, list);
}

/** The insert of these jobs, not yet sent: to be written with other rows in one statement (`inOneStatement`). */
export const insertJobs = (db: Db, list: NewJob[]) => db.insert(jobs).values(list);

/**
 * Claims due jobs in one short transaction: FOR UPDATE SKIP LOCKED lets every process take its
 * own share, and the lease makes a job whose process died due again once it expires.
 */
export async function claimDueJobs(db: Db, now: Date, opts: { limit: number; leaseMs: number }) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(isNull(jobs.doneAt), lte(jobs.runAt, now), or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now))))
      .orderBy(jobs.runAt)
      .limit(opts.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(jobs)
      .set({ lockedUntil: new Date(now.getTime() + opts.leaseMs), attempts: sql`${jobs.attempts} + 1` })
      .where(sql`${jobs.id} in (${sql.join(due.map((d) => sql`${d.id}::uuid`), sql`, `)})`)
      .returning();
    // RETURNING keeps no order: run them as they fell due (breaches count as of their moment).
    return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  });
}

/** Hands claimed jobs back untouched (a tick out of time): due again at once, the attempt not counted. */
export async function releaseJobs(db: Db, ids: string[]) {
  if (ids.length === 0) return;
  await db
    .update(jobs)
    .set({ lockedUntil: null, attempts: sql`${jobs.attempts} - 1` })
    .where(sql`${jobs.id} in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
}

export async function completeJob(db: Db, id: string, now: Date) {
  await db.update(jobs).set({ doneAt: now, lockedUntil: null }).where(eq(jobs.id, id));
}

/** A failed attempt is retried later, backing off up to ten minutes. */
export async function failJob(db: Db, job: { id: string; attempts: number }, error: unknown, now: Date) {
  const delay = Math.min(10 * 60_000, 1000 * 2 ** job.attempts);
  await db
    .update(jobs)
    .set({ lastError: error instanceof Error ? error.message : String(error), lockedUntil: new Date(now.getTime() + delay) })
    .where(eq(jobs.id, job.id));
}
