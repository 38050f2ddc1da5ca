import { describe, expect, it } from 'vitest';
import { freshness, REPLAY_WINDOW_MS } from './replay';

describe('a signed request without a signed body is fresh for 5 minutes', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const seconds = (offsetMs: number) => String((now.getTime() + offsetMs) / 1000);

  it('accepts up to 5 minutes either way, and remembers its nonce until the timestamp alone would refuse it', () => {
    for (const offset of [0, -REPLAY_WINDOW_MS, REPLAY_WINDOW_MS]) {
      expect(freshness(seconds(offset), now)).toEqual({ expiresAt: new Date(now.getTime() + offset + REPLAY_WINDOW_MS) });
    }
  });

  it('refuses a timestamp just past 5 minutes either way, and one that is not whole seconds, naming the field', () => {
    for (const timestamp of [seconds(-REPLAY_WINDOW_MS - 1000), seconds(REPLAY_WINDOW_MS + 1000), '', '1.5', '-1', 'abc', '9'.repeat(20)]) {
      expect(freshness(timestamp, now)).toEqual({ refusal: expect.stringMatching(/^timestamp: /) });
    }
  });
});
