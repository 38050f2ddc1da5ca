import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, nextAttempt } from './retry-policy';

const queuedAt = new Date('2026-12-01T10:00:00Z');

describe('retry policy (SPEC §13)', () => {
  it('waits a random time below min(10 min, 2 s · 2^attempt): full jitter', () => {
    expect(backoffMs(1, 0.999)).toBe(3_996);
    expect(backoffMs(3, 0.5)).toBe(8_000);
    expect(backoffMs(20, 0.999)).toBe(599_400);
    expect(backoffMs(2, 0)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempts, random) => {
        const wait = backoffMs(attempts, random);
        return wait >= 0 && wait < Math.min(600_000, 2_000 * 2 ** attempts);
      }),
    );
  });

  it("never retries sooner than the provider's Retry-After", () => {
    expect(backoffMs(1, 0, 30_000)).toBe(30_000);
    const next = nextAttempt({ attempts: 1, queuedAt, retryAfterMs: 45_000 }, queuedAt, 0.1);
    expect(next).toEqual({ giveUp: false, at: new Date(queuedAt.getTime() + 45_000) });
  });

  it('gives up after 8 attempts', () => {
    expect(nextAttempt({ attempts: MAX_ATTEMPTS - 1, queuedAt }, queuedAt, 0.5).giveUp).toBe(false);
    expect(nextAttempt({ attempts: MAX_ATTEMPTS, queuedAt }, queuedAt, 0.5)).toEqual({ giveUp: true });
  });

  it('gives up when the next try would fall more than 24 h after the message was queued', () => {
    const late = new Date(queuedAt.getTime() + 24 * 3_600_000 - 60_000);
    expect(nextAttempt({ attempts: 2, queuedAt, retryAfterMs: 30_000 }, late, 0)).toMatchObject({ giveUp: false });
    expect(nextAttempt({ attempts: 2, queuedAt, retryAfterMs: 120_000 }, late, 0)).toEqual({ giveUp: true });
  });
});
