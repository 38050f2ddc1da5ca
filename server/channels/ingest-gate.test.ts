import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { Gate } from './ingest-gate';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const turns = () => new Promise((resolve) => setImmediate(resolve));

describe('the ingest gate', () => {
  it('runs at most its limit at once, and the rest in arrival order', async () => {
    const gate = new Gate({ running: 2, waitingBytes: 100 });
    const started: number[] = [];
    let now = 0;
    let most = 0;
    const holds = Array.from({ length: 6 }, deferred);
    const runs = holds.map((hold, i) =>
      gate.run(10, async () => {
        started.push(i);
        most = Math.max(most, ++now);
        await hold.promise;
        now--;
        return i;
      }),
    );
    await turns();
    expect(started).toEqual([0, 1]);
    // Finish out of order: whichever slot frees, the next to start is the oldest waiting.
    holds[1]!.resolve();
    await turns();
    expect(started).toEqual([0, 1, 2]);
    for (const hold of holds) hold.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('refuses at once when what waits would hold more than its bytes, with a retry time, and runs none of what it refused', async () => {
    const gate = new Gate({ running: 1, waitingBytes: 100 });
    const hold = deferred();
    let ran = 0;
    const work = async () => {
      ran++;
      await hold.promise;
    };
    const accepted = [gate.run(500, work), gate.run(60, work), gate.run(40, work)];
    const refused = await gate.run(1, work).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503, details: { retryAfter: 1 } });
    hold.resolve();
    await Promise.all(accepted);
    expect(ran).toBe(3);
  });

  it('frees the slot of a run that failed', async () => {
    const gate = new Gate({ running: 1, waitingBytes: 10 });
    const failing = gate.run(10, () => Promise.reject(new Error('boom')));
    const next = gate.run(10, async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await expect(gate.run(10, async () => 'again')).resolves.toBe('again');
  });
});
