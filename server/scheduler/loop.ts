import type { Db } from '@/db/client';
import type { Clock } from '@/server/clock';
import { claimDueJobs, completeJob, failJob, releaseJobs, type JobKind } from './queue';

export type JobHandler = (db: Db, payload: Record<string, unknown>, clock: Clock) => Promise<void>;

/** How much a tick takes on: one batch of jobs at most, and a time budget after which it gives way. */
export type TickLimits = { batch: number; budgetMs: number };

export const defaultTickLimits: TickLimits = { batch: 20, budgetMs: 200 };

/*
 * Background work shares the process with HTTP and the sockets (and, on the embedded database,
 * with the database itself): a job chained to the next through promises alone would keep the
 * event loop from reading any socket until the whole batch is done. So every job starts on a
 * fresh turn of the loop.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Claims one batch of due jobs and runs them until the budget is spent; jobs claimed but not
 * reached are handed back at once, for the next tick or another process. Returns how many ran
 * and whether due work may be left. Handlers must be idempotent.
 */
export async function runDueJobs(
  db: Db,
  handlers: Partial<Record<JobKind, JobHandler>>,
  clock: Clock,
  limits: TickLimits = defaultTickLimits,
): Promise<{ ran: number; more: boolean }> {
  const started = clock.now().getTime();
  const claimed = await claimDueJobs(db, clock.now(), { limit: limits.batch, leaseMs: 60_000 });
  for (const [i, job] of claimed.entries()) {
    if (i > 0 && clock.now().getTime() - started >= limits.budgetMs) {
      await releaseJobs(db, claimed.slice(i).map((j) => j.id));
      return { ran: i, more: true };
    }
    await nextTurn();
    const handler = handlers[job.kind as JobKind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(db, job.payload, clock);
      await completeJob(db, job.id, clock.now());
    } catch (error) {
      console.error(`job ${job.kind} ${job.id} failed`, error);
      await failJob(db, job, error, clock.now());
    }
  }
  return { ran: claimed.length, more: claimed.length === limits.batch };
}

/**
 * Polls for due jobs every `intervalMs` until stopped; a tick that gave way with work left is
 * followed after a short breather instead. A stop waits for the running tick.
 */
export function startScheduler(db: Db, handlers: Partial<Record<JobKind, JobHandler>>, clock: Clock, intervalMs = 1000, limits = defaultTickLimits) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    let wait = intervalMs;
    running = runDueJobs(db, handlers, clock, limits)
      .then(({ more }) => {
        if (more) wait = Math.min(intervalMs, 50);
      })
      .catch((error) => console.error('scheduler tick failed', error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, wait);
      });
  };
  let timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
