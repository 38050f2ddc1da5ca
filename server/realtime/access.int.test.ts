import { and, eq } from 'drizzle-orm';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations, teamMembers, users } from '@/db/schema';
import { createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import type { SessionUser } from '@/server/auth/session';
import { endSession } from '@/server/auth/sessions';
import { ingest } from '@/server/channels/ingest';
import { systemClock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { refreshRoomsOf } from './membership';
import { connected, sessionCookie, startRealtime, type Client } from './testing/harness';

/*
 * Rooms that outlive access: what a socket may hear is re-evaluated when what its user may read
 * changes (a team left, a conversation reassigned, a session signed out), not only at connect.
 */
describe('realtime rooms follow access', () => {
  let database: Database;
  let a: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    a = await createTestWorkspace(database.db, 'rt-access');
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    await database.close();
  });

  const as = (user: SessionUser) => createCaller({ db: database.db, clock: systemClock, user });
  /** A contact writes on the sandbox channel: their conversation (new, or the one they have). */
  const write = async (from: string, id: string) => {
    await withEffects(database.db, (fx) =>
      ingest(database.db, a.sandbox, { messages: [{ providerMessageId: id, externalId: from, contactName: from, contactPhone: null, body: `hi ${id}`, sentAt: new Date(), echo: false }], updates: [] }, systemClock, fx),
    );
    return (await database.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id), orderBy: (c, { desc }) => desc(c.lastMessageAt) }))!;
  };
  const join = (s: Client, conversationId: string) => new Promise<boolean>((resolve) => s.emit('conversation.join', conversationId, resolve));
  const nextMessage = (s: Client) => new Promise<string>((resolve) => s.once('message.created', ({ message }) => resolve(message.body)));

  it("an agent taken out of a shared team no longer hears of that team's conversations", async () => {
    const team = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Atención rt', visibility: 'shared' }, [a.agent.id, a.otherAgent.id], [a.supervisor.id]);
    const conv = await write('Nora', 'team-1');
    await database.db.update(conversations).set({ teamId: team.id }).where(eq(conversations.id, conv.id));
    const ana = await rt.client(a.agent);
    const luis = await rt.client(a.otherAgent);
    await Promise.all([connected(ana), connected(luis)]);
    const heardByAna: string[] = [];
    ana.on('conversation.updated', ({ conversation }) => heardByAna.push(conversation.id));

    // As a team admin would: the membership goes, then the rooms of whom it concerned.
    await database.db.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, a.agent.id)));
    await refreshRoomsOf(database.db, [a.agent.id]);
    const heardByLuis = new Promise<string>((resolve) => luis.once('conversation.updated', ({ conversation }) => resolve(conversation.id)));
    await as(a.supervisor).conversations.setStatus({ conversationId: conv.id, change: { status: 'closed' } });
    expect(await heardByLuis).toBe(conv.id);
    // Ana hears the next conversation with no team: the team's update had time to reach her.
    const later = nextMessage(ana);
    await write('Otro', 'team-2');
    expect(await later).toBe('hi team-2');
    expect(heardByAna).toEqual([]);
  });

  it('a conversation reassigned away from an agent stops its messages and typing reaching their open socket, both ways', async () => {
    const therapy = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Terapia rt', visibility: 'assigned' }, [a.agent.id, a.otherAgent.id], [a.supervisor.id]);
    const conv = await write('Paula', 'assign-1');
    await database.db.update(conversations).set({ teamId: therapy.id, assigneeId: a.agent.id }).where(eq(conversations.id, conv.id));
    const ana = await rt.client(a.agent);
    const lead = await rt.client(a.supervisor);
    const luis = await rt.client(a.otherAgent);
    await Promise.all([connected(ana), connected(lead), connected(luis)]);
    expect(await join(ana, conv.id)).toBe(true);
    expect(await join(lead, conv.id)).toBe(true);
    const anaHeard: string[] = [];
    ana.on('message.created', ({ message }) => anaHeard.push(message.body));
    ana.on('typing', ({ user }) => anaHeard.push(`typing ${user.name}`));
    const leadHeardTyping: string[] = [];
    lead.on('typing', ({ user }) => leadHeardTyping.push(user.name));

    await as(a.supervisor).conversations.assign({ conversationId: conv.id, userId: a.otherAgent.id });
    expect(await join(luis, conv.id)).toBe(true);
    // Ana's typing goes nowhere now; her next request, a join, is refused (her socket handles both in order).
    ana.emit('typing', { conversationId: conv.id, mode: 'reply', typing: true });
    expect(await join(ana, conv.id)).toBe(false);
    // The lead's next typing signal is Luis's, the assignee's: Ana's never reached them.
    const luisTyping = new Promise<string>((resolve) => lead.once('typing', ({ user }) => resolve(user.name)));
    luis.emit('typing', { conversationId: conv.id, mode: 'reply', typing: true });
    expect(await luisTyping).toBe(a.otherAgent.name);
    expect(leadHeardTyping).toEqual([a.otherAgent.name]);

    // The lead types, and the contact writes again: Luis hears it, Ana does not.
    lead.emit('typing', { conversationId: conv.id, mode: 'reply', typing: true });
    expect(await join(lead, conv.id)).toBe(true);
    const luisHeard = nextMessage(luis);
    await write('Paula', 'assign-2');
    expect(await luisHeard).toBe('hi assign-2');
    const later = nextMessage(ana);
    await write('Quique', 'assign-3');
    expect(await later).toBe('hi assign-3');
    expect(anaHeard).toEqual(['hi assign-3']);
  });

  it('a socket that lost a conversation while disconnected comes back fresh, not replayed what that conversation heard', async () => {
    const therapy = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Terapia recovery', visibility: 'assigned' }, [a.agent.id, a.otherAgent.id], [a.supervisor.id]);
    const conv = await write('Rocío', 'recover-1');
    await database.db.update(conversations).set({ teamId: therapy.id, assigneeId: a.agent.id }).where(eq(conversations.id, conv.id));
    const ana: Client = rt.track(
      connect(rt.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: await sessionCookie(database.db, a.agent) },
        reconnectionDelay: 1500,
        reconnectionDelayMax: 1500,
        randomizationFactor: 0,
      }),
    );
    await connected(ana);
    expect(await join(ana, conv.id)).toBe(true);
    // Recovery resumes from the last packet the browser saw: hear one first.
    const first = nextMessage(ana);
    await write('Rocío', 'recover-2');
    expect(await first).toBe('hi recover-2');
    const heard: string[] = [];
    ana.on('message.created', ({ message }) => heard.push(message.body));
    const reconnected = new Promise<boolean>((resolve) => ana.once('connect', () => resolve(ana.recovered)));
    ana.io.engine.close();
    // Once the server knows she is gone (so no room refresh can reach her socket), the conversation
    // goes to Luis and the contact writes in it: what recovery would replay.
    await expect.poll(() => rt.socketsIn(conv.id)).toBe(0);
    await as(a.supervisor).conversations.assign({ conversationId: conv.id, userId: a.otherAgent.id });
    await write('Rocío', 'recover-3');
    expect(await reconnected).toBe(false);
    // A message she may hear, sent after she is back, arrives; the one of the lost conversation never does.
    const later = nextMessage(ana);
    await write('Otra', 'recover-4');
    expect(await later).toBe('hi recover-4');
    expect(heard).toEqual(['hi recover-4']);
  });

  it("signing out closes the session's open sockets, and its cookie opens no other", async () => {
    const cookie = await sessionCookie(database.db, a.agent);
    const open = () => rt.track(connect(rt.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false }));
    const ana = open();
    await connected(ana);
    const closed = new Promise((resolve) => ana.once('disconnect', resolve));
    const [session] = await database.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.userId, a.agent.id), orderBy: (s, { desc }) => desc(s.createdAt), limit: 1 });
    await withEffects(database.db, (fx) => endSession(database.db, session!.id, new Date(), fx));
    await closed;
    await expect(connected(open())).rejects.toThrow('unauthorized');
  });

  it("a lowered role counts at the socket's next join", async () => {
    const therapy = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Terapia rt 2', visibility: 'assigned' }, [a.otherAgent.id], [a.supervisor.id]);
    const conv = await write('Rosa', 'role-1');
    await database.db.update(conversations).set({ teamId: therapy.id, assigneeId: a.otherAgent.id }).where(eq(conversations.id, conv.id));
    const lead = await rt.client(a.supervisor);
    await connected(lead);
    expect(await join(lead, conv.id)).toBe(true);
    await database.db.update(users).set({ role: 'agent' }).where(eq(users.id, a.supervisor.id));
    try {
      expect(await join(lead, conv.id)).toBe(false);
    } finally {
      await database.db.update(users).set({ role: 'supervisor' }).where(eq(users.id, a.supervisor.id));
    }
  });
});
