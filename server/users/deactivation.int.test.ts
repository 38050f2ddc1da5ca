import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH as patchUser } from '@/app/api/v1/users/[id]/route';
import { GET as listUsers } from '@/app/api/v1/users/route';
import { GET as listConversations } from '@/app/api/v1/conversations/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { createApiToken, createContact, createConversation, createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import { sessionOf, signedInToken, signInWithPassword } from '@/server/auth/testing';
import { systemClock } from '@/server/clock';
import { connected, startRealtime, testSecret, type Client } from '@/server/realtime/testing/harness';
import { createCaller } from '@/server/router';

/*
 * Deactivation and role changes count from the person's next request, on every interface
 * (SPEC §15): the session cookie (pages and tRPC read it through next-auth), REST tokens, and
 * sockets, whose open ones close within a second.
 */
describe.each(testDatabaseKinds)('deactivation and role changes, effective at once (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `deact${kind}`);
    // Pages, tRPC and sockets check the same signed cookie: one secret for all of them here.
    process.env.AUTH_SECRET ??= testSecret;
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    setDatabase(undefined);
    await database.close();
  });

  const as = (user: SessionUser) => createCaller({ db: database.db, clock: systemClock, user });
  const rest = (handler: (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>, token: string, id = '', body?: unknown) =>
    handler(
      new Request(`http://test/api/v1/x${id ? `/${id}` : ''}`, {
        method: body === undefined ? 'GET' : 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve({ id }) },
    );
  const closedWithin = (socket: Client, ms: number) =>
    new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
      socket.once('disconnect', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });
  const refusedSocket = async (user: SessionUser) => {
    const socket = await rt.client(user);
    return new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  };

  async function person(role: SessionUser['role'], name: string) {
    const user = toSessionUser(await createUser(database.db, { workspaceId: ws.workspace.id, email: `${name}@${kind}.deact.test`, name, role, password: 'cadence' }));
    const token = `${name}-${kind}-token`;
    await createApiToken(database.db, { workspaceId: ws.workspace.id, userId: user.id, name, token });
    return { user, token };
  }

  it("refuses a deactivated person's session cookie, API token and socket, and closes their open socket within a second", async () => {
    const { user, token } = await person('agent', 'dora');
    const cookie = await signedInToken(user);
    expect((await sessionOf(cookie))?.user).toMatchObject({ id: user.id });
    expect((await rest(listConversations, token)).status).toBe(200);
    const socket = await rt.client(user);
    await connected(socket);

    const closed = closedWithin(socket, 1000);
    await as(ws.admin).people.update({ userId: user.id, patch: { active: false } });
    expect(await closed).toBeLessThan(1000);

    expect(await sessionOf(cookie)).toBeNull();
    const refused = await rest(listConversations, token);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('UNAUTHENTICATED');
    expect(await refusedSocket(user)).toBe('unauthorized');
    // Signing in again says why, once the password proved who they are.
    await expect(signInWithPassword(user.email, 'cadence')).rejects.toThrow('ACCOUNT_DEACTIVATED');
    expect(await signInWithPassword(user.email, 'wrong password')).toBeNull();
    const failures = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'login.failed'), eq(auditLog.targetId, user.id)));
    expect(failures.map((f) => f.after)).toEqual(expect.arrayContaining([{ email: user.email, reason: 'deactivated' }, { email: user.email, reason: 'wrong_password' }]));
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.deactivated'), eq(auditLog.targetId, user.id)));
    expect(entry).toMatchObject({ actorId: ws.admin.id, workspaceId: ws.workspace.id });

    // Reactivated, they sign in again and their token works; the sessions that were ended stay ended.
    await as(ws.admin).people.update({ userId: user.id, patch: { active: true } });
    expect(await signInWithPassword(user.email, 'cadence')).toMatchObject({ id: user.id });
    expect((await rest(listConversations, token)).status).toBe(200);
    expect(await sessionOf(cookie)).toBeNull();
  });

  it('a downgrade from admin to agent takes away the team view and the admin routes on the very next request', async () => {
    const { user, token } = await person('admin', 'ada');
    const cookie = await signedInToken(user);
    const before = (await sessionOf(cookie))!.user;
    expect(before.role).toBe('admin');
    await expect(as(before).team.overview()).resolves.toBeDefined();
    await expect(as(before).people.list()).resolves.toBeDefined();
    expect((await rest(listUsers, token)).status).toBe(200);

    await as(ws.admin).people.update({ userId: user.id, patch: { role: 'agent' } });

    const after = (await sessionOf(cookie))!.user;
    expect(after.role).toBe('agent');
    await expect(as(after).team.overview()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(after).people.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await rest(listUsers, token)).status).toBe(403);
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.role_changed'), eq(auditLog.targetId, user.id)));
    expect(entry).toMatchObject({ before: { role: 'admin' }, after: { role: 'agent' } });
  });

  it('keeps the last active admin: demoting or deactivating them is refused with 409, and two admins demoting each other at once leave one', async () => {
    const team = await createTestWorkspace(database.db, `last${kind}`);
    await expect(as(team.admin).people.update({ userId: team.admin.id, patch: { role: 'manager' } })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^role: .* is the last active admin/),
      cause: { details: { reason: 'last_admin' } },
    });
    await expect(as(team.admin).people.update({ userId: team.admin.id, patch: { active: false } })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^active: /) });
    const overRest = await rest(patchUser, team.tokens.admin, team.admin.id, { active: false });
    expect(overRest.status).toBe(409);
    expect((await overRest.json()).error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^active: .* last active admin/) });
    // A change that keeps them an active admin is no problem.
    await expect(as(team.admin).people.update({ userId: team.admin.id, patch: { name: 'Admin Renamed' } })).resolves.toMatchObject({ name: 'Admin Renamed', role: 'admin' });

    const second = toSessionUser(await createUser(database.db, { workspaceId: team.workspace.id, email: `second@last${kind}.test`, name: 'Second', role: 'admin' }));
    const results = await Promise.allSettled([
      as(team.admin).people.update({ userId: second.id, patch: { role: 'agent' } }),
      as(second).people.update({ userId: team.admin.id, patch: { role: 'agent' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await database.db.select().from(users).where(and(eq(users.workspaceId, team.workspace.id), eq(users.role, 'admin')));
    expect(admins).toHaveLength(1);
  });

  it("lists a deactivated agent's open conversations for reassignment, and keeps them and their history", async () => {
    const { user } = await person('agent', 'otto');
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Cliente Otto' });
    const open = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, assigneeId: user.id });
    await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, assigneeId: user.id, status: 'closed' });
    await as(ws.admin).people.update({ userId: user.id, patch: { active: false } });
    const row = (await as(ws.admin).people.list()).people.find((p) => p.id === user.id);
    expect(row).toMatchObject({ status: 'deactivated', openConversations: 1, deactivatedAt: expect.any(String) });
    const kept = await as(ws.admin).conversations.get({ conversationId: open.id });
    expect(kept.assigneeId).toBe(user.id);
    // Nobody can give them more work, and an admin can reassign what they had at once.
    await expect(as(ws.admin).conversations.assign({ conversationId: open.id, userId: user.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'userId: no such active user in this workspace' });
    await as(ws.admin).conversations.assign({ conversationId: open.id, userId: ws.agent.id });
    expect((await as(ws.admin).people.list()).people.find((p) => p.id === user.id)?.openConversations).toBe(0);
  });
});
