import { inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { attemptDelivery, claimDeliveries, deferDelivery, pacingOf, recipientOf, type Claim } from '@/server/messages/outbox';
import { newPacer, reserveSlot, type PacerState } from '@/server/messages/pacing';
import { setDeliveryWake } from './delivery-wake';
import { withEffects } from './flush';

/*
 * The delivery worker: an edge like a request, it claims due outbox rows, spaces them to each
 * channel's limits and hands each to its provider, telling the screens after every attempt.
 * Any number of processes run one (WORKER=1); SKIP LOCKED claims give each its own rows.
 */

export type DeliveryOptions = {
  pollMs: number;
  /** Rows claimed per round, and attempts in flight at most in this process. */
  batch: number;
  maxInFlight: number;
  /** A claim's lease: longer than a slot's wait plus a provider's timeout. */
  leaseMs: number;
  /** A slot further away than this goes back to the table (due then) instead of being waited for here. */
  holdMs: number;
};

const defaults: DeliveryOptions = { pollMs: 500, batch: 100, maxInFlight: 200, leaseMs: 120_000, holdMs: 2_000 };

export type DeliveryWorker = { wake(): void; stop(): Promise<void> };

export function startDelivery(db: Db, clock: Clock, options: Partial<DeliveryOptions> = {}): DeliveryWorker {
  const opts = { ...defaults, ...options };
  const pacers = new Map<string, PacerState>();
  const busy = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let looping: Promise<void> | null = null;
  let again = false;

  // Per channel, at most `concurrency` requests at once; the rest wait their turn here.
  const acquire = (channelId: string, concurrency: number) =>
    new Promise<void>((resolve) => {
      const n = busy.get(channelId) ?? 0;
      if (n < concurrency) {
        busy.set(channelId, n + 1);
        resolve();
      } else waiting.set(channelId, [...(waiting.get(channelId) ?? []), resolve]);
    });
  const release = (channelId: string) => {
    const next = waiting.get(channelId)?.shift();
    if (next) next();
    else busy.set(channelId, (busy.get(channelId) ?? 1) - 1);
  };

  const run = (claim: Claim, waitMs: number, concurrency: number) => {
    const task = (async () => {
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      await acquire(claim.channelId, concurrency);
      try {
        await withEffects(db, (fx) => attemptDelivery(db, claim, clock, fx));
      } catch (error) {
        // The row keeps its lease and is claimed again when it expires: nothing is lost.
        console.error(`delivery of message ${claim.messageId} failed; it will be tried again`, error);
      } finally {
        release(claim.channelId);
      }
    })();
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      wake();
    });
  };

  async function round(): Promise<boolean> {
    const free = opts.maxInFlight - inFlight.size;
    if (free <= 0) return false;
    const now = clock.now();
    const claims = await claimDeliveries(db, now, { limit: Math.min(opts.batch, free), leaseMs: opts.leaseMs });
    if (claims.length === 0) return false;
    const ids = [...new Set(claims.map((c) => c.channelId))];
    const rows = new Map((await db.select().from(channels).where(inArray(channels.id, ids))).map((c) => [c.id, c]));
    for (const claim of claims) {
      const channel = rows.get(claim.channelId);
      const pacing = channel ? pacingOf(channel) : { perSecond: 1_000, perRecipientMs: 0, concurrency: 1 };
      const recipient = pacing.perRecipientMs > 0 ? ((await recipientOf(db, claim)) ?? '') : '';
      const pacer = pacers.get(claim.channelId) ?? newPacer();
      pacers.set(claim.channelId, pacer);
      const slot = reserveSlot(pacer, pacing, recipient, clock.now().getTime(), opts.holdMs);
      const waitMs = slot - clock.now().getTime();
      if (waitMs > opts.holdMs) await deferDelivery(db, claim, new Date(slot));
      else run(claim, waitMs, pacing.concurrency);
    }
    return claims.length === Math.min(opts.batch, free);
  }

  function loop() {
    if (stopped) return;
    if (looping) {
      again = true;
      return;
    }
    clearTimeout(timer);
    looping = (async () => {
      let more = true;
      while (more && !stopped) {
        again = false;
        try {
          more = (await round()) || again;
        } catch (error) {
          console.error('delivery round failed', error);
          more = false;
        }
      }
    })().finally(() => {
      looping = null;
      if (!stopped) timer = setTimeout(loop, opts.pollMs);
    });
  }
  const wake = () => loop();

  timer = setTimeout(loop, 0);
  const worker: DeliveryWorker = {
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looping;
      await Promise.allSettled([...inFlight]);
      setDeliveryWake(undefined);
    },
  };
  setDeliveryWake(wake);
  return worker;
}
