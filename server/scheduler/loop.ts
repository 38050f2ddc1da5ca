import type { Db } from '@/db/client';
import type { Clock } from '@/server/clock';
import { claimDueJobs, completeJob, failJob, type JobKind } from './queue';

export type JobHandler = (db: Db, payload: Record<string, unknown>, clock: Clock) => Promise<void>;

/** Claims and runs due jobs once; returns how many ran. Handlers must be idempotent. */
export async function runDueJobs(db: Db, handlers: Partial<Record<JobKind, JobHandler>>, clock: Clock): Promise<number> {
  const claimed = await claimDueJobs(db, clock.now(), { limit: 20, leaseMs: 60_000 });
  for (const job of claimed) {
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
  return claimed.length;
}

/** Polls for due jobs every `intervalMs` until stopped; a stop waits for the running batch. */
export function startScheduler(db: Db, handlers: Partial<Record<JobKind, JobHandler>>, clock: Clock, intervalMs = 1000) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = runDueJobs(db, handlers, clock)
      .catch((error) => console.error('scheduler tick failed', error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
