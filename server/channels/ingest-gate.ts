import type { DatabaseKind } from '@/db/client';
import { AppError } from '@/server/errors';

/*
 * How many webhooks one process ingests at once. On the embedded database every statement takes
 * its turn on one connection, so with fifty webhooks in flight a screen's read or `/api/health`
 * queued behind fifty transactions (bench:ingest's burst: health p99 588 ms at 50 in flight,
 * 55 ms through this gate). Ingesting a few at a time, in arrival order, keeps everyone else's
 * wait to a few transactions whatever the senders' concurrency, and costs the burst nothing (the
 * one connection was the limit already). On PostgreSQL it leaves half the pool to pages, the API
 * and the scheduler. Waiting is bounded by the bodies it holds, not by a count: after a restart
 * every sender retries at once, and refusing most of them only turned the backlog into a storm
 * of retries (bench:faults lost 1,123 of 2,000 with a queue of 200).
 */
export const ingestLimits: Record<DatabaseKind, { running: number; waitingBytes: number }> = {
  pglite: { running: 2, waitingBytes: 64 * 1024 * 1024 },
  postgres: { running: 5, waitingBytes: 64 * 1024 * 1024 },
};

/** Seconds a sender is asked to wait when the queue is full (providers redeliver a 5xx on their own schedule). */
const RETRY_AFTER_SECONDS = 1;

/** Runs work at most `running` at a time in arrival order; past `waitingBytes` queued, refuses at once with 503. */
export class Gate {
  private running = 0;
  private waitingBytes = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: { running: number; waitingBytes: number }) {}

  /** `bytes`: what this work holds while it waits (a webhook's body). */
  async run<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit.running) this.running++;
    else if (this.waitingBytes + bytes > this.limit.waitingBytes)
      throw new AppError('UNAVAILABLE', `webhooks: ${this.queue.length} already waiting in this process; retry later`, { retryAfter: RETRY_AFTER_SECONDS });
    else {
      // The slot is handed over by the finishing run, so `running` stays counted for it.
      this.waitingBytes += bytes;
      await new Promise<void>((resolve) => this.queue.push(resolve));
      this.waitingBytes -= bytes;
    }
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
