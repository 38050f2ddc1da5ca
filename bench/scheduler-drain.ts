import { performance } from 'node:perf_hooks';
import type { Db } from '@/db/client';
import { claimDueJobs, completeJob } from '@/server/scheduler/queue';

/**
 * What one scheduler loop does with due work (`runDueJobs` in server/scheduler/loop.ts), tick
 * after tick with no pause, until a claim finds nothing due: claim a batch (timed on its own),
 * then for each job a fresh turn of the event loop, its handler (here none: the bench measures
 * the scheduler, not what jobs do) and its completion.
 */
export async function drain(db: Db, batch = 20): Promise<{ claimsMs: number[]; ran: number; finishedAt: number }> {
  const claimsMs: number[] = [];
  let ran = 0;
  for (;;) {
    const t0 = performance.now();
    const claimed = await claimDueJobs(db, new Date(), { limit: batch, leaseMs: 60_000 });
    claimsMs.push(performance.now() - t0);
    if (claimed.length === 0) return { claimsMs, ran, finishedAt: Date.now() };
    for (const job of claimed) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await completeJob(db, job.id, new Date());
      ran += 1;
    }
  }
}
