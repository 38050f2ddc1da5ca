import { count, eq } from 'drizzle-orm';
import type { User } from 'next-auth';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { loginFailures } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { authOptions } from './options';
import { retryAtOf } from './throttle';

/*
 * Sign-ins through the credentials provider's authorize, called as next-auth's callback route
 * calls it (the provider's own options merged over its defaults, then the request's headers).
 */
const credentials = authOptions.providers[0] as CredentialsConfig;
const authorize = (email: string, password: string, address: string) =>
  Promise.resolve(credentials.options.authorize({ email, password }, { headers: { 'x-forwarded-for': address }, method: 'POST' }));

/** What the login form would get: the user, null (wrong), or the moment to try again. */
async function signIn(email: string, password: string, address: string): Promise<User | null | Date> {
  try {
    return await authorize(email, password, address);
  } catch (error) {
    const retryAt = retryAtOf((error as Error).message);
    if (!retryAt) throw error;
    return retryAt;
  }
}

describe.each(testDatabaseKinds)('login throttling through next-auth (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, 'login');
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it('after 10 wrong passwords refuses the right one too, from another address, saying when to try again', async () => {
    const email = ws.agent.email;
    expect(await signIn(email, 'cadence', '198.51.100.1')).toMatchObject({ id: ws.agent.id });
    for (let i = 0; i < 10; i++) expect(await signIn(email, `guess-${i}`, '198.51.100.1')).toBeNull();
    const before = Date.now();
    const retryAt = await signIn(email.toUpperCase(), 'cadence', '203.0.113.9');
    expect(retryAt).toBeInstanceOf(Date);
    const wait = (retryAt as Date).getTime() - before;
    expect(wait).toBeGreaterThan(14 * 60_000);
    expect(wait).toBeLessThanOrEqual(15 * 60_000);
    // Waiting is not failing: the refused attempts leave the count at 10, not more.
    const [row] = await database.db.select({ n: count() }).from(loginFailures).where(eq(loginFailures.email, email));
    expect(row!.n).toBe(10);
    // Another account is not affected.
    expect(await signIn(ws.supervisor.email, 'cadence', '198.51.100.1')).toMatchObject({ id: ws.supervisor.id });
  });

  it('locks an unknown email exactly like a known one, so a lockout tells nobody which emails exist', async () => {
    for (let i = 0; i < 10; i++) expect(await signIn('nobody@login.test', `guess-${i}`, '198.51.100.2')).toBeNull();
    expect(await signIn('nobody@login.test', 'cadence', '198.51.100.2')).toBeInstanceOf(Date);
  });

  it('makes an address wait past 100 failures over many accounts, and leaves other addresses alone', async () => {
    // 100 earlier failures of other accounts, stored as the service stores them (100 scrypt checks would be slow).
    const now = new Date();
    await database.db.insert(loginFailures).values(Array.from({ length: 100 }, (_, i) => ({ email: `visitor-${i}@login.test`, address: '192.0.2.77', at: now })));
    expect(await signIn('visitor-100@login.test', 'wrong', '192.0.2.77')).toBeNull();
    expect(await signIn(ws.admin.email, 'cadence', '192.0.2.77')).toBeInstanceOf(Date);
    expect(await signIn(ws.admin.email, 'cadence', '192.0.2.78')).toMatchObject({ id: ws.admin.id });
  });

  it('checks no more than 10 passwords of an account even when the guesses arrive all at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn('burst@login.test', `guess-${i}`, `198.51.100.${10 + i}`)));
    expect(results.filter((r) => r === null).length).toBeLessThanOrEqual(10);
    expect(results.filter((r) => r instanceof Date).length).toBeGreaterThanOrEqual(10);
  });

  it('a right password clears the account’s earlier failures', async () => {
    const email = ws.otherAgent.email;
    for (let i = 0; i < 9; i++) await signIn(email, 'typo', '198.51.100.3');
    expect(await signIn(email, 'cadence', '198.51.100.3')).toMatchObject({ id: ws.otherAgent.id });
    // Uncleared, this would be the 10th failure and lock the account.
    expect(await signIn(email, 'typo', '198.51.100.3')).toBeNull();
    expect(await signIn(email, 'cadence', '198.51.100.3')).toMatchObject({ id: ws.otherAgent.id });
  });
});
