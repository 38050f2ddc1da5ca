import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getConversation } from '@/app/api/v1/conversations/[id]/route';
import { GET as listConversations } from '@/app/api/v1/conversations/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, breaches, deadlines, protocolRuns, protocols } from '@/db/schema';
import { createApiToken, createContact, createConversation, createTeam, createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import { systemClock } from '@/server/clock';
import { connected, startRealtime, type Client } from '@/server/realtime/testing/harness';
import { createCaller } from '@/server/router';

/*
 * SPEC §15: a supervisor sees and acts on the conversations and agents of the teams they lead,
 * not the whole workspace; managers and admins see everything. One access module, so tRPC, REST
 * and the socket rooms agree, and a change of who leads a team moves open sockets at once.
 */
describe.each(testDatabaseKinds)('supervisors scoped to their teams (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;
  let leadA: SessionUser;
  let leadB: SessionUser;
  let agentA: SessionUser;
  let agentB: SessionUser;
  let teamA: string;
  let inA: string;
  let inB: string;
  let noTeam: string;
  const tag = `scope-${kind}`;

  const person = async (role: SessionUser['role'], name: string) =>
    toSessionUser(await createUser(database.db, { workspaceId: ws.workspace.id, email: `${name}@${tag}.test`, name, role }));
  const conversationOf = async (externalId: string, teamId: string | null, assigneeId: string | null) => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: externalId, identity: { channelId: ws.sandbox.id, externalId } });
    return (await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId, assigneeId })).id;
  };
  /** A required stage missed against an agent, as the protocol engine would store it. */
  const breachAgainst = async (conversationId: string, agentId: string) => {
    const [protocol] = await database.db.select().from(protocols).where(eq(protocols.workspaceId, ws.workspace.id)).limit(1);
    const startedAt = new Date('2026-11-20T09:00:00Z');
    const [run] = await database.db.insert(protocolRuns).values({ workspaceId: ws.workspace.id, protocolId: protocol!.id, conversationId, startedAt }).returning();
    const [deadline] = await database.db
      .insert(deadlines)
      .values({ workspaceId: ws.workspace.id, runId: run!.id, conversationId, stageIndex: 0, protocolName: protocol!.name, stageName: 'first message', clock: 'calendar', enforcement: 'required', zone: 'Europe/Madrid', startedAt, dueAt: new Date('2026-11-20T11:00:00Z'), status: 'breached' })
      .returning();
    const [breach] = await database.db.insert(breaches).values({ workspaceId: ws.workspace.id, deadlineId: deadline!.id, conversationId, agentId, occurredAt: deadline!.dueAt }).returning();
    return breach!.id;
  };
  const as = (user: SessionUser) => createCaller({ db: database.db, clock: systemClock, user });
  const listed = async (user: SessionUser) => (await as(user).conversations.list({ tab: 'all', limit: 100 })).data.map((c) => c.id);
  const write = (externalId: string, id: string) =>
    withEffects(database.db, (fx) =>
      ingest(database.db, ws.sandbox, { messages: [{ providerMessageId: id, externalId, contactName: externalId, contactPhone: null, body: `hi ${id}`, sentAt: new Date(), echo: false }], updates: [] }, systemClock, fx),
    );
  const join = (s: Client, conversationId: string) => new Promise<boolean>((resolve) => s.emit('conversation.join', conversationId, resolve));
  const nextMessage = (s: Client) => new Promise<string>((resolve) => s.once('message.created', ({ message }) => resolve(message.body)));

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, tag);
    rt = await startRealtime(database.db);
    leadA = await person('supervisor', 'lead-a');
    leadB = await person('supervisor', 'lead-b');
    agentA = await person('agent', 'agent-a');
    agentB = await person('agent', 'agent-b');
    teamA = (await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Terapia A', visibility: 'assigned' }, [agentA.id], [leadA.id])).id;
    const teamB = (await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Terapia B', visibility: 'assigned' }, [agentB.id], [leadB.id])).id;
    inA = await conversationOf(`${tag}-a`, teamA, agentA.id);
    inB = await conversationOf(`${tag}-b`, teamB, agentB.id);
    noTeam = await conversationOf(`${tag}-none`, null, null);
    await createApiToken(database.db, { workspaceId: ws.workspace.id, userId: leadA.id, name: 'lead a', token: `${tag}-lead-a` });
  });
  afterAll(async () => {
    await rt.close();
    setDatabase(undefined);
    await database.close();
  });

  it("over tRPC a supervisor reads their teams' conversations and those with no team, never another team's; an admin reads all", async () => {
    const mine = await listed(leadA);
    expect(mine).toEqual(expect.arrayContaining([inA, noTeam]));
    expect(mine).not.toContain(inB);
    await expect(as(leadA).conversations.get({ conversationId: inB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(leadA).messages.thread({ conversationId: inB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listed(ws.admin)).toEqual(expect.arrayContaining([inA, inB, noTeam]));
  });

  it('the team view shows a supervisor the agents of their teams only; managers and admins every agent', async () => {
    expect((await as(leadA).team.overview()).map((r) => r.name)).toEqual(['agent-a']);
    expect((await as(leadB).team.overview()).map((r) => r.name)).toEqual(['agent-b']);
    expect((await as(ws.admin).team.overview()).map((r) => r.name)).toEqual(expect.arrayContaining(['agent-a', 'agent-b', 'agent', 'other']));
    await expect(as(leadA).team.breaches({ agentId: agentB.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a supervisor reassigns to the people they lead, and excuses only their breaches (audited)', async () => {
    await expect(as(leadA).conversations.assign({ conversationId: inA, userId: agentB.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(leadA).conversations.assign({ conversationId: inB, userId: agentA.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await as(leadA).conversations.assign({ conversationId: noTeam, userId: agentA.id });
    await as(leadA).conversations.assign({ conversationId: noTeam, userId: null });

    const theirs = await breachAgainst(inB, agentB.id);
    const ours = await breachAgainst(inA, agentA.id);
    await expect(as(leadA).protocols.excuse({ breachId: theirs, reason: 'not my team at all' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [untouched] = await database.db.select().from(breaches).where(eq(breaches.id, theirs));
    expect(untouched!.excusedAt).toBeNull();
    await as(leadA).protocols.excuse({ breachId: ours, reason: 'the client wrote from another number' });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetId, ours));
    expect(entries).toMatchObject([{ action: 'breach.excused', actorId: leadA.id, targetType: 'breach', before: { excused: false }, after: { excused: true, reason: 'the client wrote from another number' } }]);
    // Their notices: only the agents they lead.
    expect((await as(leadA).protocols.notices()).every((n) => n.agentId === agentA.id)).toBe(true);
  });

  it('over REST a supervisor token lists and reads the same conversations as tRPC', async () => {
    const call = <P,>(handler: (r: Request, route: { params: Promise<P> }) => Promise<Response>, url: string, params: P) =>
      handler(new Request(`http://test${url}`, { headers: { authorization: `Bearer ${tag}-lead-a` } }), { params: Promise.resolve(params) });
    const page = (await (await call(listConversations, '/api/v1/conversations?limit=100', {})).json()) as { data: { id: string }[] };
    const ids = page.data.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([inA, noTeam]));
    expect(ids).not.toContain(inB);
    expect((await call(getConversation, `/api/v1/conversations/${inB}`, { id: inB })).status).toBe(404);
    expect((await call(getConversation, `/api/v1/conversations/${inA}`, { id: inA })).status).toBe(200);
  });

  it("over sockets a supervisor hears their teams' conversations, not another team's, and a change of who leads moves them at once", async () => {
    const a = await rt.client(leadA);
    const b = await rt.client(leadB);
    await Promise.all([connected(a), connected(b)]);
    expect(await join(a, inB)).toBe(false);
    expect(await join(a, inA)).toBe(true);
    const heardByA: string[] = [];
    a.on('message.created', ({ message }) => heardByA.push(message.body));

    const bHears = nextMessage(b);
    await write(`${tag}-b`, `${tag}-sock-1`);
    expect(await bHears).toBe(`hi ${tag}-sock-1`);
    const aHears = nextMessage(a);
    await write(`${tag}-a`, `${tag}-sock-2`);
    expect(await aHears).toBe(`hi ${tag}-sock-2`);
    expect(heardByA).toEqual([`hi ${tag}-sock-2`]);

    // The admin hands team A to lead B: lead A's open socket leaves the team's rooms and its conversation.
    await as(ws.admin).teams.update({ teamId: teamA, change: { supervisorIds: [leadB.id] } });
    heardByA.length = 0;
    const bHearsA = nextMessage(b);
    await write(`${tag}-a`, `${tag}-sock-3`);
    expect(await bHearsA).toBe(`hi ${tag}-sock-3`);
    // Lead A hears the next conversation with no team: team A's message had time to reach them.
    const aHearsNone = nextMessage(a);
    await write(`${tag}-none`, `${tag}-sock-4`);
    expect(await aHearsNone).toBe(`hi ${tag}-sock-4`);
    expect(heardByA).toEqual([`hi ${tag}-sock-4`]);
    expect(await join(a, inA)).toBe(false);
    expect(await listed(leadA)).not.toContain(inA);
    await as(ws.admin).teams.update({ teamId: teamA, change: { supervisorIds: [leadA.id] } });
  });
});
