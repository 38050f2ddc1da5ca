/*
 * Login throttling (SPEC §15), as pure rules with time passed in. Failures are counted per
 * account (the email as typed, known or not: a lockout that only known emails get would tell an
 * attacker which emails exist) and per client address, over a sliding 15-minute window.
 */

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** After this many failures of one account in the window, its attempts wait, from any address. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/**
 * An address waits only past this many: a higher bar, so one office behind one address is not
 * locked out by a colleague's typos.
 */
export const ADDRESS_FAILURE_LIMIT = 100;

export type LoginThrottle = { allowed: true } | { allowed: false; retryAt: Date; by: 'account' | 'address' };

/**
 * Whether an attempt may be checked now, given the failures before it (any order; those outside
 * the window are ignored). When it may not, `retryAt` is the moment enough failures have left the
 * window for the next attempt to be checked.
 */
export function loginThrottle(failures: { account: readonly Date[]; address: readonly Date[] }, now: Date): LoginThrottle {
  const account = waitUntil(failures.account, ACCOUNT_FAILURE_LIMIT, now);
  const address = waitUntil(failures.address, ADDRESS_FAILURE_LIMIT + 1, now);
  if (!account && !address) return { allowed: true };
  if (account && (!address || account >= address)) return { allowed: false, retryAt: account, by: 'account' };
  return { allowed: false, retryAt: address!, by: 'address' };
}

/** With `limit` or more failures in the window, when the oldest that keeps the count at `limit` leaves it. */
function waitUntil(failures: readonly Date[], limit: number, now: Date): Date | null {
  const since = now.getTime() - LOGIN_WINDOW_MS;
  const recent = failures
    .map((f) => f.getTime())
    .filter((t) => t > since)
    .sort((a, b) => b - a);
  if (recent.length < limit) return null;
  return new Date(recent[limit - 1]! + LOGIN_WINDOW_MS);
}

/** How many recent failures of each kind `loginThrottle` needs to see to decide. */
export const FAILURES_NEEDED = { account: ACCOUNT_FAILURE_LIMIT, address: ADDRESS_FAILURE_LIMIT + 1 } as const;

/*
 * next-auth hands an error thrown by `authorize` to the login form as a string (`signIn()`'s
 * `error`), so a throttled attempt travels as this code and the moment to try again.
 */
const THROTTLED = 'LOGIN_THROTTLED:';

export const throttledSignal = (retryAt: Date): string => `${THROTTLED}${retryAt.toISOString()}`;

/** The moment to try again, when a sign-in error says the attempt was throttled. */
export function retryAtOf(error: string | null | undefined): Date | null {
  if (!error?.startsWith(THROTTLED)) return null;
  const at = new Date(error.slice(THROTTLED.length));
  return Number.isNaN(at.getTime()) ? null : at;
}
