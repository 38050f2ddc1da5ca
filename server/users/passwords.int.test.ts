import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postReset } from '@/app/api/v1/users/[id]/password-reset/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import { sessionUser } from '@/server/auth/sessions';
import { sessionOf, signedInToken, signInWithPassword } from '@/server/auth/testing';
import { testSecret } from '@/server/realtime/testing/harness';
import { createCaller } from '@/server/router';
import { PASSWORD_RESET_TTL_MS } from './policy';

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
const GOOD = 'seven sleepy otters';

describe.each(testDatabaseKinds)('passwords (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const clock = { at: new Date(), now() { return this.at; } };
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `pw${kind}`);
    other = await createTestWorkspace(database.db, `pw2${kind}`);
    process.env.AUTH_SECRET ??= testSecret;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });
  const as = (user: SessionUser | null) => createCaller({ db: database.db, clock, user });

  it('a person changes their own password: the current one is required, the new one must meet the rule', async () => {
    const me = ws.otherAgent;
    await expect(as(me).profile.changePassword({ currentPassword: 'not it', newPassword: GOOD })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'currentPassword: not your current password',
      cause: { details: { reason: 'wrong_password' } },
    });
    await expect(as(me).profile.changePassword({ currentPassword: 'cadence', newPassword: 'short one' })).rejects.toMatchObject({ message: 'newPassword: at least 12 characters' });
    await expect(as(me).profile.changePassword({ currentPassword: 'cadence', newPassword: 'iloveyoubaby' })).rejects.toMatchObject({ cause: { details: { field: 'newPassword', reason: 'password_too_common' } } });
    expect(await signInWithPassword(me.email, 'cadence')).toMatchObject({ id: me.id });
    await as(me).profile.changePassword({ currentPassword: 'cadence', newPassword: GOOD });
    expect(await signInWithPassword(me.email, 'cadence')).toBeNull();
    expect(await signInWithPassword(me.email, GOOD)).toMatchObject({ id: me.id });
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.password_changed'), eq(auditLog.targetId, me.id)));
    expect(JSON.stringify(entry)).not.toContain(GOOD);
  });

  it('an admin issues a single-use reset link valid 24 hours; using it sets the password and signs the person out everywhere', async () => {
    const person = ws.agent;
    const open = await signedInToken(person);
    expect(await sessionOf(open)).not.toBeNull();
    const issued = await as(ws.admin).people.issuePasswordReset({ userId: person.id });
    expect(issued).toMatchObject({ userId: person.id, emailDelivery: 'not_configured', resetUrl: expect.stringMatching(/\/reset\/[\w-]{40,}$/) });
    expect(new Date(issued.expiresAt).getTime() - clock.now().getTime()).toBe(PASSWORD_RESET_TTL_MS);

    await expect(as(null).links.resetPassword({ token: tokenOf(issued.resetUrl), password: 'password1234' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^password: too common/) });
    expect(await as(null).links.resetPassword({ token: tokenOf(issued.resetUrl), password: GOOD })).toEqual({ email: person.email });
    expect(await sessionOf(open)).toBeNull();
    expect(await signInWithPassword(person.email, GOOD)).toMatchObject({ id: person.id });
    await expect(as(null).links.resetPassword({ token: tokenOf(issued.resetUrl), password: 'another good phrase' })).rejects.toMatchObject({ code: 'NOT_FOUND', cause: { details: { reason: 'link_used' } } });
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.targetId, person.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.password_reset_issued', 'user.password_reset']));
  });

  it('a reset link dies at 24 hours and when a newer one is issued', async () => {
    const person = ws.supervisor;
    const first = await as(ws.admin).people.issuePasswordReset({ userId: person.id });
    const second = await as(ws.admin).people.issuePasswordReset({ userId: person.id });
    await expect(as(null).links.resetPassword({ token: tokenOf(first.resetUrl), password: GOOD })).rejects.toMatchObject({ cause: { details: { reason: 'link_unknown' } } });
    const issuedAt = clock.at;
    try {
      clock.at = new Date(issuedAt.getTime() + PASSWORD_RESET_TTL_MS);
      await expect(as(null).links.resetPassword({ token: tokenOf(second.resetUrl), password: GOOD })).rejects.toMatchObject({ cause: { details: { reason: 'link_expired' } } });
    } finally {
      clock.at = issuedAt;
    }
    expect(await signInWithPassword(person.email, 'cadence')).toMatchObject({ id: person.id });
  });

  it('only an admin issues one, for someone of their own workspace and not deactivated; over REST too', async () => {
    await expect(as(ws.supervisor).people.issuePasswordReset({ userId: ws.agent.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(ws.admin).people.issuePasswordReset({ userId: other.agent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const call = (id: string, token = ws.tokens.admin) =>
      postReset(new Request(`http://test/api/v1/users/${id}/password-reset`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) });
    const created = await call(ws.agent.id);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ userId: ws.agent.id, resetUrl: expect.stringContaining('/reset/') });
    expect((await call(other.agent.id)).status).toBe(404);
    expect((await call(ws.admin.id, ws.tokens.agent)).status).toBe(403);
    await database.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, other.otherAgent.id));
    const deactivated = await call(other.otherAgent.id, other.tokens.admin);
    expect(deactivated.status).toBe(409);
    expect((await deactivated.json()).error.message).toMatch(/^id: this person is deactivated/);
  });

  it('every failed sign-in is audited with its address: in the person’s workspace, or with no workspace nor actor for an unknown email', async () => {
    expect(await signInWithPassword('nobody@nowhere.test', 'whatever it is', '203.0.113.44')).toBeNull();
    expect(await signInWithPassword(ws.admin.email, 'not the password', '203.0.113.45')).toBeNull();
    const [unknown] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'login.failed'), eq(auditLog.address, '203.0.113.44')));
    expect(unknown).toMatchObject({ workspaceId: null, actorId: null, targetId: null, after: { email: 'nobody@nowhere.test', reason: 'unknown_email' } });
    const [known] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'login.failed'), eq(auditLog.address, '203.0.113.45')));
    expect(known).toMatchObject({ workspaceId: ws.workspace.id, actorId: ws.admin.id, after: { email: ws.admin.email, reason: 'wrong_password' } });
    const noneOfTheirs = await database.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, other.workspace.id), eq(auditLog.action, 'login.failed')));
    expect(noneOfTheirs).toEqual([]);
  });

  it('the session check keeps "last seen" to the minute: one write a minute, not one a request', async () => {
    const token = await signedInToken(ws.admin);
    const seen = async () => (await database.db.select({ at: users.lastSeenAt }).from(users).where(eq(users.id, ws.admin.id)))[0]!.at;
    const t0 = new Date(Math.ceil(Date.now() / 1000) * 1000 + 5_000);
    await sessionUser(database.db, token.sessionId, t0);
    expect(await seen()).toEqual(t0);
    await sessionUser(database.db, token.sessionId, new Date(t0.getTime() + 59_000));
    expect(await seen()).toEqual(t0);
    const later = new Date(t0.getTime() + 60_000);
    await sessionUser(database.db, token.sessionId, later);
    expect(await seen()).toEqual(later);
    const listed = (await as(ws.admin).people.list()).people.find((p) => p.id === ws.admin.id);
    expect(listed?.lastSeenAt).toBe(later.toISOString());
    // Someone who never signed in has never been seen.
    const [never] = await database.db.select().from(users).where(and(eq(users.id, other.agent.id), isNull(users.lastSeenAt)));
    expect(never).toBeDefined();
  });
});
