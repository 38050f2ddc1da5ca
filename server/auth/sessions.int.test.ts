import { eq } from 'drizzle-orm';
import type { NextApiRequest, NextApiResponse } from 'next';
import { encode, type JWT } from 'next-auth/jwt';
import { getServerSession } from 'next-auth/next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { users } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { authOptions } from './options';

const secret = 'sessions-secret-sessions-secret-sessions';

/*
 * A signed-in cookie is a JWT, but the session it names lives on the server: pages and tRPC
 * read the user through next-auth's session route (getServerSession), which asks the row.
 */
describe.each(testDatabaseKinds)('server-side sessions (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `sess${kind}`);
    // getServerSession takes the secret from the environment when the options carry none.
    process.env.AUTH_SECRET ??= secret;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  /** Signs in as next-auth does once `authorize` accepted the password: the token its cookie holds. */
  const signIn = (user: TestWorkspace['agent']) => authOptions.callbacks!.jwt!({ token: {}, user, account: null });
  /** What a page or a tRPC call sees for a request carrying this token's cookie. */
  const sessionOf = async (token: JWT) => {
    const cookies = { 'next-auth.session-token': await encode({ token, secret: process.env.AUTH_SECRET! }) };
    const res = { getHeader() {}, setCookie() {}, setHeader() {} };
    return getServerSession({ headers: {}, cookies } as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions);
  };

  it('signing out ends the session on the server: the same cookie no longer signs anyone in', async () => {
    const token = await signIn(ws.agent);
    expect((await sessionOf(token))?.user).toMatchObject({ id: ws.agent.id, role: 'agent' });
    await authOptions.events!.signOut!({ token, session: { user: ws.agent, expires: '' } });
    expect(await sessionOf(token)).toBeNull();
    // Another session of the same user (another browser) is still signed in.
    expect((await sessionOf(await signIn(ws.agent)))?.user.id).toBe(ws.agent.id);
  });

  it("a changed role counts from the user's next request", async () => {
    const token = await signIn(ws.supervisor);
    expect((await sessionOf(token))?.user.role).toBe('supervisor');
    await database.db.update(users).set({ role: 'agent' }).where(eq(users.id, ws.supervisor.id));
    expect((await sessionOf(token))?.user.role).toBe('agent');
  });

  it('refuses a cookie that names no session (one from before sessions were kept, or forged)', async () => {
    expect(await sessionOf({ user: ws.admin })).toBeNull();
    expect(await sessionOf({ user: ws.admin, sessionId: 'not-a-session' })).toBeNull();
    expect(await sessionOf({ user: ws.admin, sessionId: crypto.randomUUID() })).toBeNull();
  });
});
