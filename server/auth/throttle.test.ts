import { describe, expect, it } from 'vitest';
import { LOGIN_WINDOW_MS, loginThrottle, retryAtOf, throttledSignal } from './throttle';

const now = new Date('2026-12-01T10:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
/** `n` failures, the newest `newest` minutes ago and each `step` minutes before the last. */
const failures = (n: number, newest = 0, step = 0) => Array.from({ length: n }, (_, i) => ago(newest + i * step));

describe('login throttling (SPEC §15)', () => {
  it('lets an account with 9 failures in 15 minutes try again, and makes the 11th attempt wait', () => {
    expect(loginThrottle({ account: failures(9), address: [] }, now)).toEqual({ allowed: true });
    expect(loginThrottle({ account: failures(10), address: [] }, now)).toMatchObject({ allowed: false, by: 'account' });
  });

  it('waits until the tenth most recent failure leaves the 15-minute window', () => {
    // Failures 0, 1, ..., 11 minutes ago: the 10th newest was 9 minutes ago, so 6 more minutes.
    const result = loginThrottle({ account: failures(12, 0, 1), address: [] }, now);
    expect(result).toEqual({ allowed: false, by: 'account', retryAt: new Date(ago(9).getTime() + LOGIN_WINDOW_MS) });
    expect(result.allowed || result.retryAt.getTime() - now.getTime()).toBe(6 * 60_000);
  });

  it('forgets failures older than the window', () => {
    expect(loginThrottle({ account: [...failures(9), ...failures(5, 15)], address: [] }, now)).toEqual({ allowed: true });
    expect(loginThrottle({ account: failures(10, 15, 1), address: [] }, now)).toEqual({ allowed: true });
  });

  it('makes an address wait only past 100 failures, from any accounts', () => {
    expect(loginThrottle({ account: [], address: failures(100) }, now)).toEqual({ allowed: true });
    expect(loginThrottle({ account: failures(3), address: failures(101, 2) }, now)).toEqual({
      allowed: false,
      by: 'address',
      retryAt: new Date(ago(2).getTime() + LOGIN_WINDOW_MS),
    });
  });

  it('when both wait, names the later moment', () => {
    const result = loginThrottle({ account: failures(10, 1), address: failures(101, 5) }, now);
    expect(result).toEqual({ allowed: false, by: 'account', retryAt: new Date(ago(1).getTime() + LOGIN_WINDOW_MS) });
    expect(loginThrottle({ account: failures(10, 5), address: failures(101, 1) }, now)).toMatchObject({ by: 'address' });
  });

  it('carries the moment to try again through next-auth as a string, and ignores other errors', () => {
    const at = new Date('2026-12-01T10:12:30.000Z');
    expect(retryAtOf(throttledSignal(at))).toEqual(at);
    expect(retryAtOf('CredentialsSignin')).toBeNull();
    expect(retryAtOf('LOGIN_THROTTLED:soon')).toBeNull();
    expect(retryAtOf(undefined)).toBeNull();
  });
});
