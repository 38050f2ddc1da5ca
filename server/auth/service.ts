import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { loginFailures, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { Clock } from '@/server/clock';
import { hashPassword, verifyPassword } from './password';
import { toSessionUser, type SessionUser } from './session';
import { FAILURES_NEEDED, LOGIN_WINDOW_MS, loginThrottle } from './throttle';

export type LoginAttempt = { email: string; password: string; address: string };
/** `deactivated`: the password was right, but the person may not sign in (said only once the password proved who they are). */
export type LoginResult = { ok: true; user: SessionUser } | { ok: false; throttledUntil: Date | null; deactivated?: true };

/*
 * An unknown email is checked against this hash, made like every real one, so it costs the same
 * scrypt work as a known email and both refuse in the same time.
 */
const dummyHash = hashPassword(randomBytes(16).toString('hex'));

/**
 * Checks an email and password under login throttling (SPEC §15). A wrong email and a wrong
 * password look the same to the caller, so a login form never hints which part was wrong.
 *
 * Deliberately not one transaction: the attempt is recorded as a failure first, committed, and
 * only then counted, so attempts racing in parallel (from any process) see each other and no
 * more than the limit get their password checked. A refused attempt is removed again (waiting
 * does not prolong the wait); a right password clears the account's failures.
 *
 * Every checked failure is audited (`login.failed`, with the address): in the person's workspace
 * with them as the actor, or, for an email no workspace knows, as an installation-level entry
 * with no actor. Either way one write, so both still take the same time.
 */
export async function authenticate(db: Db, clock: Clock, attempt: LoginAttempt): Promise<LoginResult> {
  const email = attempt.email.trim().toLowerCase();
  const now = clock.now();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  await db.delete(loginFailures).where(lt(loginFailures.at, since));
  const [mine] = await db
    .insert(loginFailures)
    .values({ email, address: attempt.address, at: now })
    .returning({ id: loginFailures.id });
  const recent = (column: typeof loginFailures.email | typeof loginFailures.address, value: string, limit: number) =>
    db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(column, value), gt(loginFailures.at, since), ne(loginFailures.id, mine!.id)))
      .orderBy(desc(loginFailures.at))
      .limit(limit);
  const [account, address] = await Promise.all([
    recent(loginFailures.email, email, FAILURES_NEEDED.account),
    recent(loginFailures.address, attempt.address, FAILURES_NEEDED.address),
  ]);
  const throttle = loginThrottle({ account: account.map((r) => r.at), address: address.map((r) => r.at) }, now);
  if (!throttle.allowed) {
    await db.delete(loginFailures).where(eq(loginFailures.id, mine!.id));
    return { ok: false, throttledUntil: throttle.retryAt };
  }

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const valid = await verifyPassword(attempt.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid || user.deactivatedAt) {
    await recordAudit(db, {
      workspaceId: user?.workspaceId ?? null,
      actorId: user?.id ?? null,
      action: 'login.failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      after: { email, reason: !user ? 'unknown_email' : !valid ? 'wrong_password' : 'deactivated' },
      address: attempt.address,
      at: now,
    });
    return valid && user ? { ok: false, throttledUntil: null, deactivated: true } : { ok: false, throttledUntil: null };
  }
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
  return { ok: true, user: toSessionUser(user) };
}
