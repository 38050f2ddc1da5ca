import type { DatabaseKind } from '@/db/client';
import { AppError } from '@/server/errors';

/*
 * How many webhooks one process ingests at once. On the embedded database every statement takes
 * its turn on one connection, so with fifty webhooks in flight a screen's read or `/api/health`
 * queued behind fifty transactions, and not in order: bench:ingest's burst measured 7.4 s p99 for
 * a health check with 50 in flight against 0.8 s with 10. Ingesting a few at a time, in arrival
 * order, keeps everyone else's wait to a few transactions whatever the senders' concurrency, and
 * costs the burst nothing (the one connection was the limit already). On PostgreSQL it leaves half
 * the pool to pages, the API and the scheduler.
 */
export const ingestLimits: Record<DatabaseKind, { running: number; waiting: number }> = {
  pglite: { running: 2, waiting: 200 },
  postgres: { running: 5, waiting: 200 },
};

/** Seconds a sender is asked to wait when the queue is full (providers redeliver a 5xx on their own schedule). */
export const RETRY_AFTER_SECONDS = 1;

/** Runs work at most `running` at a time in arrival order; past `waiting` queued, refuses at once with 503. */
export class Gate {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: { running: number; waiting: number }) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit.running) this.running++;
    else if (this.queue.length >= this.limit.waiting)
      throw new AppError('UNAVAILABLE', `webhooks: ${this.queue.length} already waiting in this process; retry later`, { retryAfter: RETRY_AFTER_SECONDS });
    // The slot is handed over by the finishing run, so `running` stays counted for it.
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const gates = new Map<DatabaseKind, Gate>();

/** This process's gate for webhook ingest on a database of this kind. */
export function ingestGate(kind: DatabaseKind): Gate {
  let gate = gates.get(kind);
  if (!gate) gates.set(kind, (gate = new Gate(ingestLimits[kind])));
  return gate;
}
