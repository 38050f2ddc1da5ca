import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { addMessage, createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from './auth/session';
import type { Clock } from './clock';
import { appRouter, createCaller } from './router';

const clock: Clock = { now: () => new Date('2026-11-20T12:00:00Z') };

describe.each(testDatabaseKinds)('tRPC scoping (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const ids: Record<string, string> = {};
  const as = (user: SessionUser | null) => createCaller({ db: database.db, clock, user });

  async function conversation(ws: TestWorkspace, name: string, values: { teamId?: string; assigneeId?: string } = {}) {
    const contact = await createContact(database.db, {
      workspaceId: ws.workspace.id,
      name,
      identity: { channelId: ws.sandbox.id, externalId: name },
    });
    const c = await createConversation(database.db, {
      workspaceId: ws.workspace.id,
      channelId: ws.sandbox.id,
      contactId: contact.id,
      ...values,
    });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: `Hola de ${name}`, sentAt: clock.now() });
    ids[name] = c.id;
    return c;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    a = await createTestWorkspace(database.db, 'alpha');
    b = await createTestWorkspace(database.db, 'beta');
    const privateTeam = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Therapy', visibility: 'assigned' }, [
      a.agent.id,
      a.otherAgent.id,
    ], [a.supervisor.id]);
    const sharedTeam = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Desk', visibility: 'shared' }, [a.agent.id], [a.supervisor.id]);
    await conversation(a, 'open-a');
    await conversation(a, 'mine-a', { assigneeId: a.agent.id });
    await conversation(a, 'therapy-other', { teamId: privateTeam.id, assigneeId: a.otherAgent.id });
    await conversation(a, 'therapy-mine', { teamId: privateTeam.id, assigneeId: a.agent.id });
    await conversation(a, 'desk', { teamId: sharedTeam.id });
    await conversation(b, 'secret-b');
  });
  afterAll(() => database.close());

  const names = (rows: { contact: { name: string } }[]) => rows.map((r) => r.contact.name).sort();

  it("lists only the user's own workspace, by tab", async () => {
    const all = await as(a.supervisor).conversations.list({ tab: 'all', status: 'open' });
    expect(names(all.data)).toEqual(['desk', 'mine-a', 'open-a', 'therapy-mine', 'therapy-other']);
    const mine = await as(a.agent).conversations.list({ tab: 'mine', status: 'open' });
    expect(names(mine.data)).toEqual(['mine-a', 'therapy-mine']);
    const unassigned = await as(a.agent).conversations.list({ tab: 'unassigned', status: 'open' });
    expect(names(unassigned.data)).toEqual(['desk', 'open-a']);
    expect(names((await as(b.agent).conversations.list({ tab: 'all', status: 'open' })).data)).toEqual(['secret-b']);
  });

  it("hides another agent's conversations of an `assigned` team, and shared teams from non-members", async () => {
    const seenByAgent = await as(a.agent).conversations.list({ tab: 'all', status: 'open' });
    expect(names(seenByAgent.data)).not.toContain('therapy-other');
    expect(names(seenByAgent.data)).toContain('desk');
    const seenByOther = await as(a.otherAgent).conversations.list({ tab: 'all', status: 'open' });
    expect(names(seenByOther.data)).toEqual(['mine-a', 'open-a', 'therapy-other']);
    await expect(as(a.agent).conversations.get({ conversationId: ids['therapy-other']! })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("answers NOT_FOUND for another workspace's conversation, for reads and for sends", async () => {
    const id = ids['secret-b']!;
    await expect(as(a.supervisor).conversations.get({ conversationId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(a.supervisor).messages.thread({ conversationId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(a.supervisor).messages.send({ conversationId: id, message: { kind: 'free_form', body: 'hola' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const thread = await as(b.agent).messages.thread({ conversationId: id });
    expect(thread.data.map((m) => m.body)).toEqual(['Hola de secret-b']);
  });

  it('refuses a caller with no session', async () => {
    await expect(as(null).conversations.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const attempt = as(a.agent).messages.send({ conversationId: ids['open-a']!, message: { kind: 'free_form', body: '   ' } });
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const thread = await as(a.agent).messages.thread({ conversationId: ids['open-a']! });
    expect(thread.data).toHaveLength(1);
  });

  it('tells the browser each input problem as a code and bound it can say in its language', async () => {
    // Through the HTTP handler the browser uses: the error formatter only runs there.
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://cadence.test/api/trpc/messages.send', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: ids['open-a'], message: { kind: 'free_form', body: 'x'.repeat(5000) } }),
      }),
      router: appRouter,
      createContext: async () => ({ db: database.db, clock, user: a.agent }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { data: { issues: unknown[] } } };
    expect(error.data.issues).toEqual([expect.objectContaining({ path: 'message.body', code: 'too_big', origin: 'string', maximum: 4096 })]);
  });

  it('counts a conversation unread until the user reads it, per user', async () => {
    const unread = async (user: SessionUser) =>
      (await as(user).conversations.get({ conversationId: ids['open-a']! })).unread;
    expect(await unread(a.agent)).toBe(true);
    await as(a.agent).conversations.markRead({ conversationId: ids['open-a']! });
    expect(await unread(a.agent)).toBe(false);
    expect(await unread(a.supervisor)).toBe(true);
  });

  it('pages through a list with a keyset cursor, no row twice and none missing', async () => {
    const first = await as(a.supervisor).conversations.list({ tab: 'all', status: 'open', limit: 2 });
    const second = await as(a.supervisor).conversations.list({ tab: 'all', status: 'open', limit: 2, cursor: first.nextCursor });
    const third = await as(a.supervisor).conversations.list({ tab: 'all', status: 'open', limit: 2, cursor: second.nextCursor });
    const seen = [...first.data, ...second.data, ...third.data].map((c) => c.id);
    expect(new Set(seen).size).toBe(5);
    expect(third.nextCursor).toBeNull();
  });

  it('asks before a send reaches the contact at night: QUIET_HOURS with the proposed time, then send anyway or schedule', async () => {
    const night: Clock = { now: () => new Date('2026-11-21T01:00:00Z') }; // 02:00 in Madrid
    const contact = await createContact(database.db, { workspaceId: a.workspace.id, name: 'Nocturna', timeZone: 'Europe/Madrid', identity: { channelId: a.sandbox.id, externalId: 'nocturna' } });
    const c = await createConversation(database.db, { workspaceId: a.workspace.id, channelId: a.sandbox.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'hola', sentAt: new Date('2026-11-20T20:00:00Z') });
    const caller = createCaller({ db: database.db, clock: night, user: a.agent });
    const message = { kind: 'free_form' as const, body: 'Buenas noches' };
    const asked = caller.messages.send({ conversationId: c.id, message });
    await expect(asked).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { code: 'QUIET_HOURS', details: { sendAt: '2026-11-21T07:00:00.000Z', zone: 'Europe/Madrid', localTime: '02:00' } },
    });
    const scheduled = await caller.messages.send({ conversationId: c.id, message, scheduleAt: '2026-11-21T07:00:00.000Z' });
    expect(scheduled.status).toBe('scheduled');
    const now = await caller.messages.send({ conversationId: c.id, message, quietHours: 'send_anyway' });
    expect(now.status).toBe('queued');
  });
});
