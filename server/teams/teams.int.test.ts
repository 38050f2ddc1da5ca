import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteTeam, GET as getTeam, PATCH as patchTeam } from '@/app/api/v1/teams/[id]/route';
import { GET as listTeams, POST as postTeam } from '@/app/api/v1/teams/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, conversations, teams } from '@/db/schema';
import { createApiToken, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import type { SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import { systemClock } from '@/server/clock';
import { connected, startRealtime, type Client } from '@/server/realtime/testing/harness';
import { createCaller } from '@/server/router';

/*
 * Teams (SPEC §1, §15): admins create, rename, delete and staff them; a supervisor staffs the
 * teams they lead, nothing more; every change is audited before and after; REST v1 says the same
 * as tRPC; a membership change moves the open sockets of whom it concerns.
 */
describe.each(testDatabaseKinds)('teams (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;
  const tag = `teams-${kind}`;
  const as = (user: SessionUser) => createCaller({ db: database.db, clock: systemClock, user });
  const call = <P,>(handler: (r: Request, route: { params: Promise<P> }) => Promise<Response>, params: P, init: { token: string; method?: string; body?: unknown }) =>
    handler(
      new Request('http://test/api/v1/teams', {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
      { params: Promise.resolve(params) },
    );
  // The entries of one change share its moment: then by action.
  const auditOf = (teamId: string) => database.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'team'), eq(auditLog.targetId, teamId))).orderBy(auditLog.createdAt, auditLog.action);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, tag);
    other = await createTestWorkspace(database.db, `${tag}-other`);
    await createApiToken(database.db, { workspaceId: ws.workspace.id, userId: ws.supervisor.id, name: 'lead', token: `${tag}-lead` });
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    setDatabase(undefined);
    await database.close();
  });

  it('admins create a team over REST; bad people and a taken name are refused by field, and nothing is written', async () => {
    const body = { name: 'Soporte', visibility: 'assigned', memberIds: [ws.agent.id], supervisorIds: [ws.supervisor.id] };
    const refused: [unknown, number, RegExp][] = [
      [{ ...body, name: '' }, 400, /^name: name the team/],
      [{ ...body, visibility: 'secret' }, 400, /^visibility: /],
      [{ ...body, memberIds: [other.agent.id] }, 400, /^memberIds: no such user in this workspace/],
      [{ ...body, supervisorIds: [ws.agent.id] }, 400, /^supervisorIds: agent is not a supervisor/],
    ];
    for (const [bad, status, message] of refused) {
      const response = await call(postTeam, {}, { token: ws.tokens.admin, body: bad });
      expect(response.status, JSON.stringify(bad)).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await call(postTeam, {}, { token: ws.tokens.agent, body })).status).toBe(403);
    expect((await database.db.select().from(teams).where(eq(teams.name, 'Soporte')))).toEqual([]);

    const created = await call(postTeam, {}, { token: ws.tokens.admin, body });
    expect(created.status).toBe(201);
    const team = (await created.json()) as { id: string };
    expect(team).toMatchObject({ name: 'Soporte', visibility: 'assigned', roundRobin: false, memberIds: [ws.agent.id], supervisorIds: [ws.supervisor.id] });
    const again = await call(postTeam, {}, { token: ws.tokens.admin, body });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/^name: a team "Soporte" already exists/);
    expect(await auditOf(team.id)).toMatchObject([
      { action: 'team.created', actorId: ws.admin.id, before: null, after: { name: 'Soporte', visibility: 'assigned', roundRobin: false, memberIds: [ws.agent.id], supervisorIds: [ws.supervisor.id] } },
    ]);
    // An admin reads every team; the supervisor the ones they lead; an agent none.
    expect(((await (await call(getTeam, { id: team.id }, { token: ws.tokens.admin })).json()) as { name: string }).name).toBe('Soporte');
    const led = (await (await call(listTeams, {}, { token: `${tag}-lead` })).json()) as { data: { id: string }[] };
    expect(led.data.map((t) => t.id)).toContain(team.id);
    expect((await call(listTeams, {}, { token: ws.tokens.agent })).status).toBe(403);
    expect((await call(getTeam, { id: team.id }, { token: other.tokens.admin })).status).toBe(404);
  });

  it('a supervisor changes the members of a team they lead, and nothing else; each change is audited before and after', async () => {
    const team = await as(ws.admin).teams.create({ name: 'Turno tarde', memberIds: [ws.agent.id], supervisorIds: [ws.supervisor.id] });
    const elsewhere = await as(ws.admin).teams.create({ name: 'Turno noche', memberIds: [ws.otherAgent.id] });

    const patched = await call(patchTeam, { id: team.id }, { token: `${tag}-lead`, method: 'PATCH', body: { memberIds: [ws.agent.id, ws.otherAgent.id] } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ memberIds: [ws.agent.id, ws.otherAgent.id].sort() });
    expect((await call(patchTeam, { id: team.id }, { token: `${tag}-lead`, method: 'PATCH', body: { name: 'Mío' } })).status).toBe(403);
    expect((await call(patchTeam, { id: elsewhere.id }, { token: `${tag}-lead`, method: 'PATCH', body: { memberIds: [] } })).status).toBe(404);
    expect((await call(patchTeam, { id: team.id }, { token: ws.tokens.admin, method: 'PATCH', body: {} })).status).toBe(400);

    await as(ws.admin).teams.update({ teamId: team.id, change: { name: 'Turno de tarde', visibility: 'assigned', roundRobin: true } });
    expect((await auditOf(team.id)).map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([
      ['team.created', ws.admin.id, null, { name: 'Turno tarde', visibility: 'shared', roundRobin: false, memberIds: [ws.agent.id], supervisorIds: [ws.supervisor.id] }],
      ['team.members_changed', ws.supervisor.id, { memberIds: [ws.agent.id], supervisorIds: [ws.supervisor.id] }, { memberIds: [ws.agent.id, ws.otherAgent.id].sort(), supervisorIds: [ws.supervisor.id] }],
      ['team.renamed', ws.admin.id, { name: 'Turno tarde' }, { name: 'Turno de tarde' }],
      ['team.settings_changed', ws.admin.id, { visibility: 'shared', roundRobin: false }, { visibility: 'assigned', roundRobin: true }],
    ]);
  });

  it('deleting a team keeps its conversations, without the team; only admins delete', async () => {
    const team = await as(ws.admin).teams.create({ name: 'Temporal', memberIds: [ws.agent.id] });
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Olga' });
    const conversation = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId: team.id });
    expect((await call(deleteTeam, { id: team.id }, { token: `${tag}-lead`, method: 'DELETE' })).status).toBe(403);
    expect((await call(deleteTeam, { id: team.id }, { token: ws.tokens.admin, method: 'DELETE' })).status).toBe(204);
    expect((await call(deleteTeam, { id: team.id }, { token: ws.tokens.admin, method: 'DELETE' })).status).toBe(404);
    expect((await database.db.select().from(conversations).where(eq(conversations.id, conversation.id)))[0]).toMatchObject({ teamId: null });
    expect((await auditOf(team.id)).at(-1)).toMatchObject({ action: 'team.deleted', before: { name: 'Temporal', memberIds: [ws.agent.id], conversations: 1 }, after: null });
  });

  it("taking an agent out of a shared team moves their open socket out of the team's conversations at once", async () => {
    const team = await as(ws.admin).teams.create({ name: 'Mostrador', visibility: 'shared', memberIds: [ws.agent.id, ws.otherAgent.id] });
    const externalId = `${tag}-desk`;
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Pilar', identity: { channelId: ws.sandbox.id, externalId } });
    const conversation = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId: team.id });
    const write = (id: string, from = externalId) =>
      withEffects(database.db, (fx) =>
        ingest(database.db, ws.sandbox, { messages: [{ providerMessageId: id, externalId: from, contactName: from, contactPhone: null, body: `hi ${id}`, sentAt: new Date(), echo: false }], updates: [] }, systemClock, fx),
      );
    const next = (s: Client) => new Promise<string>((resolve) => s.once('message.created', ({ message }) => resolve(message.body)));
    const ana = await rt.client(ws.agent);
    const luis = await rt.client(ws.otherAgent);
    await Promise.all([connected(ana), connected(luis)]);
    expect(await new Promise((resolve) => ana.emit('conversation.join', conversation.id, resolve))).toBe(true);
    const heardByAna: string[] = [];
    ana.on('message.created', ({ message }) => heardByAna.push(message.body));

    await as(ws.admin).teams.update({ teamId: team.id, change: { memberIds: [ws.otherAgent.id] } });
    const luisHears = next(luis);
    await write(`${tag}-desk-1`);
    expect(await luisHears).toBe(`hi ${tag}-desk-1`);
    // Ana hears the next conversation with no team: the team's message had time to reach her.
    const anaHears = next(ana);
    await write(`${tag}-desk-2`, `${tag}-loose`);
    expect(await anaHears).toBe(`hi ${tag}-desk-2`);
    expect(heardByAna).toEqual([`hi ${tag}-desk-2`]);
    expect(await new Promise((resolve) => ana.emit('conversation.join', conversation.id, resolve))).toBe(false);
  });

  it('documents the administration endpoints in the OpenAPI document', async () => {
    const doc = (await (await getOpenApi()).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/teams']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/teams/{id}']!).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/workspace']!).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/audit']!)).toEqual(['get']);
  });
});
