import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteInvitation } from '@/app/api/v1/invitations/[id]/route';
import { POST as resendInvitation } from '@/app/api/v1/invitations/[id]/resend/route';
import { GET as listInvitations, POST as postInvitation } from '@/app/api/v1/invitations/route';
import { GET as listUsers, POST as postUser } from '@/app/api/v1/users/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, invitations, users } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { signInWithPassword } from '@/server/auth/testing';
import { createCaller } from '@/server/router';
import { INVITATION_TTL_MS } from './policy';

const DAY = 24 * 60 * 60 * 1000;
const tokenOf = (inviteUrl: string) => new URL(inviteUrl).pathname.split('/').pop()!;

describe.each(testDatabaseKinds)('invitations (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  // Time moves only when a test moves it.
  const clock = { at: new Date('2026-12-01T10:00:00Z'), now() { return this.at; } };
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `inv${kind}`);
    other = await createTestWorkspace(database.db, `inv2${kind}`);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const as = (user: TestWorkspace['admin'] | null) => createCaller({ db: database.db, clock, user });
  const accept = (token: string, password = 'a long enough pass phrase') =>
    as(null).links.acceptInvitation({ token, name: 'Nora New', password, timeZone: 'America/Bogota', locale: 'en' });

  it('invites by email with a single-use link, valid 7 days, that makes the invitee a person who can sign in', async () => {
    const link = await as(ws.admin).people.invite({ email: '  Nora@Clinic.TEST ', role: 'supervisor' });
    expect(link).toMatchObject({ email: 'nora@clinic.test', role: 'supervisor', status: 'pending', emailDelivery: 'not_configured', invitedBy: { id: ws.admin.id } });
    expect(new Date(link.expiresAt).getTime() - clock.now().getTime()).toBe(INVITATION_TTL_MS);
    expect(link.inviteUrl).toMatch(/^https?:\/\/[^/]+\/invite\/[\w-]{40,}$/);
    // Only a hash of the token is kept.
    const [stored] = await database.db.select().from(invitations).where(eq(invitations.id, link.id));
    expect(JSON.stringify(stored)).not.toContain(tokenOf(link.inviteUrl));
    expect((await as(ws.admin).people.list()).invitations.map((i) => i.email)).toContain('nora@clinic.test');

    expect(await accept(tokenOf(link.inviteUrl))).toEqual({ email: 'nora@clinic.test' });
    const [nora] = await database.db.select().from(users).where(eq(users.email, 'nora@clinic.test'));
    expect(nora).toMatchObject({ workspaceId: ws.workspace.id, role: 'supervisor', name: 'Nora New', timeZone: 'America/Bogota', locale: 'en' });
    expect(await signInWithPassword('nora@clinic.test', 'a long enough pass phrase')).toMatchObject({ id: nora!.id, role: 'supervisor' });
    // Single use.
    await expect(accept(tokenOf(link.inviteUrl))).rejects.toMatchObject({ code: 'NOT_FOUND', cause: { details: { reason: 'link_used' } } });
    expect((await as(ws.admin).people.list()).invitations.map((i) => i.email)).not.toContain('nora@clinic.test');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.workspaceId, ws.workspace.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.invited', 'invitation.accepted']));
  });

  it('expires 7 days after it was sent: a moment before it still works, at the mark it does not', async () => {
    const late = await as(ws.admin).people.invite({ email: 'late@clinic.test', role: 'agent' });
    const onTime = await as(ws.admin).people.invite({ email: 'ontime@clinic.test', role: 'agent' });
    const sent = clock.at;
    try {
      clock.at = new Date(sent.getTime() + INVITATION_TTL_MS);
      await expect(accept(tokenOf(late.inviteUrl))).rejects.toMatchObject({ code: 'NOT_FOUND', cause: { details: { reason: 'link_expired' } } });
      expect((await as(ws.admin).people.list()).invitations.find((i) => i.id === late.id)?.status).toBe('expired');
      clock.at = new Date(sent.getTime() + INVITATION_TTL_MS - 1);
      expect(await accept(tokenOf(onTime.inviteUrl))).toEqual({ email: 'ontime@clinic.test' });
      // A resend gives the expired invitation 7 new days, with a new link; the old one stays dead.
      clock.at = new Date(sent.getTime() + 8 * DAY);
      const again = await as(ws.admin).people.resendInvitation({ invitationId: late.id });
      expect(tokenOf(again.inviteUrl)).not.toBe(tokenOf(late.inviteUrl));
      await expect(accept(tokenOf(late.inviteUrl))).rejects.toMatchObject({ cause: { details: { reason: 'link_unknown' } } });
      expect(await accept(tokenOf(again.inviteUrl))).toEqual({ email: 'late@clinic.test' });
    } finally {
      clock.at = sent;
    }
  });

  it('a revoked invitation’s link opens nothing, and the revoke is audited', async () => {
    const link = await as(ws.admin).people.invite({ email: 'revoked@clinic.test', role: 'agent' });
    await as(ws.admin).people.revokeInvitation({ invitationId: link.id });
    await expect(accept(tokenOf(link.inviteUrl))).rejects.toMatchObject({ cause: { details: { reason: 'link_revoked' } } });
    await expect(as(ws.admin).people.resendInvitation({ invitationId: link.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'invitation.revoked'), eq(auditLog.targetId, link.id)));
    expect(entry).toMatchObject({ actorId: ws.admin.id, before: { email: 'revoked@clinic.test', role: 'agent' } });
    // Revoked, the address may be invited again.
    expect(await as(ws.admin).people.invite({ email: 'revoked@clinic.test', role: 'agent' })).toMatchObject({ status: 'pending' });
  });

  it('refuses an address that already belongs to someone, or is already invited here, and a weak password at acceptance', async () => {
    await expect(as(ws.admin).people.invite({ email: ws.agent.email, role: 'agent' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { details: { field: 'email', reason: 'email_taken' } } });
    await expect(as(ws.admin).people.invite({ email: other.agent.email, role: 'agent' })).rejects.toMatchObject({ cause: { details: { reason: 'email_taken' } } });
    const link = await as(ws.admin).people.invite({ email: 'twice@clinic.test', role: 'agent' });
    await expect(as(ws.admin).people.invite({ email: 'twice@clinic.test', role: 'manager' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { details: { reason: 'already_invited' } } });
    await expect(accept(tokenOf(link.inviteUrl), 'qwertyuiop123')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^password: too common/) });
    // Nothing was written: the link still works.
    expect(await accept(tokenOf(link.inviteUrl))).toEqual({ email: 'twice@clinic.test' });
  });

  it('two submissions of the same link at once make one person', async () => {
    const link = await as(ws.admin).people.invite({ email: 'double@clinic.test', role: 'agent' });
    const results = await Promise.allSettled([accept(tokenOf(link.inviteUrl)), accept(tokenOf(link.inviteUrl))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [row] = await database.db.select({ n: count() }).from(users).where(eq(users.email, 'double@clinic.test'));
    expect(row!.n).toBe(1);
  });

  it('only admins invite, and only in their own workspace', async () => {
    await expect(as(ws.supervisor).people.invite({ email: 'x@clinic.test', role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(ws.agent).people.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const theirs = await as(other.admin).people.invite({ email: 'theirs@clinic.test', role: 'agent' });
    await expect(as(ws.admin).people.revokeInvitation({ invitationId: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await as(ws.admin).people.list()).invitations.map((i) => i.id)).not.toContain(theirs.id);
  });

  describe('over REST', () => {
    const call = <P,>(handler: (r: Request, ctx: { params: Promise<P> }) => Promise<Response>, url: string, params: P, init: { token?: string; body?: unknown; method?: string } = {}) =>
      handler(
        new Request(`http://test${url}`, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { authorization: `Bearer ${init.token ?? ws.tokens.admin}`, 'content-type': 'application/json' },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        }),
        { params: Promise.resolve(params) },
      );

    it('POST /api/v1/users invites: 201 with the invitation’s inviteUrl, which then works', async () => {
      const res = await call(postUser, '/api/v1/users', {}, { body: { email: 'rest@clinic.test', name: 'Rita Rest', role: 'agent' } });
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toMatchObject({ email: 'rest@clinic.test', name: 'Rita Rest', role: 'agent', status: 'pending', inviteUrl: expect.stringContaining('/invite/') });
      expect(await accept(tokenOf(body.inviteUrl))).toEqual({ email: 'rest@clinic.test' });
      const people = await (await call(listUsers, '/api/v1/users', {})).json();
      expect(people.data.find((p: { email: string }) => p.email === 'rest@clinic.test')).toMatchObject({ role: 'agent', status: 'active', teams: [], lastSeenAt: null, openConversations: 0 });
    });

    it('answers errors in the API’s shape, naming the field: 400, 403 for a non-admin, 409', async () => {
      const bad = await call(postUser, '/api/v1/users', {}, { body: { email: 'nope', role: 'owner' } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/email: not an email address; role:/) });
      const forbidden = await call(postUser, '/api/v1/users', {}, { token: ws.tokens.agent, body: { email: 'nope' } });
      expect(forbidden.status).toBe(403);
      expect((await call(listUsers, '/api/v1/users', {}, { token: ws.tokens.agent })).status).toBe(403);
      const taken = await call(postInvitation, '/api/v1/invitations', {}, { body: { email: ws.agent.email } });
      expect(taken.status).toBe(409);
      expect((await taken.json()).error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^email: /) });
    });

    it('lists, resends and revokes invitations', async () => {
      const created = await (await call(postInvitation, '/api/v1/invitations', {}, { body: { email: 'cycle@clinic.test' } })).json();
      expect(created.role).toBe('agent');
      const listed = await (await call(listInvitations, '/api/v1/invitations', {})).json();
      expect(listed.data.find((i: { id: string }) => i.id === created.id)).toMatchObject({ status: 'pending' });
      const resent = await call(resendInvitation, `/api/v1/invitations/${created.id}/resend`, { id: created.id }, { body: {} });
      expect(resent.status).toBe(200);
      const { inviteUrl } = await resent.json();
      expect(inviteUrl).not.toBe(created.inviteUrl);
      expect((await call(deleteInvitation, `/api/v1/invitations/${created.id}`, { id: created.id }, { method: 'DELETE' })).status).toBe(204);
      expect((await call(deleteInvitation, `/api/v1/invitations/${created.id}`, { id: created.id }, { method: 'DELETE' })).status).toBe(404);
      expect((await call(deleteInvitation, '/api/v1/invitations/nope', { id: 'nope' }, { method: 'DELETE' })).status).toBe(400);
      await expect(accept(tokenOf(inviteUrl))).rejects.toMatchObject({ cause: { details: { reason: 'link_revoked' } } });
    });
  });
});
