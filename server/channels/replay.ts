/*
 * A signature that covers no body (WeChat signs only token, timestamp and nonce) proves who
 * made the URL, not what was posted with it: a request is accepted only while it is fresh and
 * only once. Pure: the clock is passed in.
 */

/** How far a request's own timestamp may be from our clock, either way (a slow network, a clock a little off). */
export const REPLAY_WINDOW_MS = 5 * 60_000;

/**
 * Whether a request signed at `timestamp` (seconds since the epoch, as sent) may be accepted
 * `now`: if so, until when its nonce must be remembered (after that the timestamp alone refuses
 * it); if not, why.
 */
export function freshness(timestamp: string, now: Date): { expiresAt: Date } | { refusal: string } {
  if (!/^\d{1,12}$/.test(timestamp)) return { refusal: 'timestamp: not whole seconds since the epoch' };
  const signedAt = Number(timestamp) * 1000;
  if (Math.abs(now.getTime() - signedAt) > REPLAY_WINDOW_MS) {
    return { refusal: `timestamp: ${new Date(signedAt).toISOString()} is more than 5 minutes from now; a replayed or delayed request is refused` };
  }
  return { expiresAt: new Date(signedAt + REPLAY_WINDOW_MS) };
}
