import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog, channels, conversations, messages, notifications } from '@/db/schema';
import { createChannel, createTeam, createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { connected, startRealtime } from '@/server/realtime/testing/harness';
import { createCaller } from '@/server/router';

/*
 * SPEC §15 routing: a channel's default team takes its new conversations; a team that takes
 * turns assigns each to the online member whose turn it is, skipping the away and the offline,
 * and two arrivals at once still take two turns.
 */
describe.each(testDatabaseKinds)('routing and round-robin (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;
  let n = 0;
  const tag = `route-${kind}`;
  const at = (iso: string): Clock => ({ now: () => new Date(iso) });
  const as = (user: SessionUser) => createCaller({ db: database.db, clock: at('2026-11-21T10:00:00Z'), user });
  const person = async (name: string) =>
    toSessionUser(await createUser(database.db, { workspaceId: ws.workspace.id, email: `${name}@${tag}.test`, name, role: 'agent' }));

  /** A new contact writes on a channel, through the real ingest pipeline; its conversation as stored. */
  async function newContactWrites(channel: typeof ws.sandbox, iso = '2026-11-21T10:00:00Z') {
    n += 1;
    const id = `${tag}-${n}`;
    await withEffects(database.db, (fx) =>
      ingest(database.db, channel, { messages: [{ providerMessageId: id, externalId: id, contactName: `Cliente ${n}`, contactPhone: null, body: 'Hola', sentAt: new Date(iso), echo: false }], updates: [] }, at(iso), fx),
    );
    const [row] = await database.db
      .select({ c: conversations })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(messages.providerMessageId, id));
    return row!.c;
  }
  const channelOf = async (id: string) => (await database.db.select().from(channels).where(eq(channels.id, id)))[0]!;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, tag);
    other = await createTestWorkspace(database.db, `${tag}-other`);
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    await database.close();
  });

  it("puts a channel's new conversations in its default team, validated to be a team of the workspace, and audited", async () => {
    const desk = await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Recepción', visibility: 'shared' }, [ws.agent.id]);
    const foreign = await createTeam(database.db, { workspaceId: other.workspace.id, name: 'Ajeno', visibility: 'shared' });
    await expect(as(ws.admin).teams.setChannelDefault({ channelId: ws.sandbox.id, teamId: foreign.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^teamId: /) });
    await expect(as(ws.supervisor).teams.setChannelDefault({ channelId: ws.sandbox.id, teamId: desk.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(ws.admin).teams.setChannelDefault({ channelId: other.sandbox.id, teamId: desk.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await channelOf(ws.sandbox.id)).settings.defaultTeamId).toBeUndefined();

    await as(ws.admin).teams.setChannelDefault({ channelId: ws.sandbox.id, teamId: desk.id });
    const routed = await newContactWrites(await channelOf(ws.sandbox.id));
    expect(routed).toMatchObject({ teamId: desk.id, assigneeId: null });
    // A channel with no default team leaves its conversations with none.
    expect(await newContactWrites(await channelOf(ws.whatsapp.id))).toMatchObject({ teamId: null });
    expect(await database.db.select().from(auditLog).where(and(eq(auditLog.targetId, ws.sandbox.id), eq(auditLog.action, 'channel.changed')))).toMatchObject([
      { actorId: ws.admin.id, targetType: 'channel', before: { defaultTeamId: null }, after: { defaultTeamId: desk.id } },
    ]);
    expect((await as(ws.admin).teams.routing()).find((r) => r.channelId === ws.sandbox.id)).toMatchObject({ defaultTeamId: desk.id });

    // Deleting the team: its conversation keeps its history and loses the team; the channel routes to none.
    await as(ws.admin).teams.delete({ teamId: desk.id });
    const [kept] = await database.db.select().from(conversations).where(eq(conversations.id, routed.id));
    expect(kept).toMatchObject({ teamId: null });
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, routed.id))).toHaveLength(1);
    expect((await channelOf(ws.sandbox.id)).settings.defaultTeamId).toBeUndefined();
    expect(await newContactWrites(await channelOf(ws.sandbox.id))).toMatchObject({ teamId: null });
  });

  it('takes turns among the members who are online, skipping the away and those with no tab open', async () => {
    const [ana, bea, cris] = [await person('ana'), await person('bea'), await person('cris')];
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Guardia', visibility: 'assigned', roundRobin: true }, [ana.id, bea.id, cris.id]);
    const channel = await channelOf(ws.messenger.id);
    await as(ws.admin).teams.setChannelDefault({ channelId: channel.id, teamId: team.id });
    const routedChannel = await channelOf(channel.id);
    // Ana and Bea have a tab open; Bea said she is away. Cris has none.
    const tabs = [await rt.client(ana), await rt.client(bea)];
    await Promise.all(tabs.map(connected));
    await createCaller({ db: database.db, clock: at('2026-11-21T10:00:00Z'), user: bea }).profile.setAvailability({ availability: 'away' });

    const first = await newContactWrites(routedChannel, '2026-11-21T10:00:00Z');
    const second = await newContactWrites(routedChannel, '2026-11-21T10:01:00Z');
    expect([first.assigneeId, second.assigneeId]).toEqual([ana.id, ana.id]);
    // Bea is back: her turn comes first (she had none), then Ana's again.
    await createCaller({ db: database.db, clock: at('2026-11-21T10:02:00Z'), user: bea }).profile.setAvailability({ availability: 'online' });
    const third = await newContactWrites(routedChannel, '2026-11-21T10:03:00Z');
    const fourth = await newContactWrites(routedChannel, '2026-11-21T10:04:00Z');
    expect([third.assigneeId, fourth.assigneeId]).toEqual([bea.id, ana.id]);
    // Offline by choice, with a tab open: skipped too.
    await createCaller({ db: database.db, clock: at('2026-11-21T10:05:00Z'), user: ana }).profile.setAvailability({ availability: 'offline' });
    const fifth = await newContactWrites(routedChannel, '2026-11-21T10:06:00Z');
    const sixth = await newContactWrites(routedChannel, '2026-11-21T10:07:00Z');
    expect([fifth.assigneeId, sixth.assigneeId]).toEqual([bea.id, bea.id]);
    // Nobody online: the conversation waits in the team, unassigned.
    await createCaller({ db: database.db, clock: at('2026-11-21T10:08:00Z'), user: bea }).profile.setAvailability({ availability: 'away' });
    expect(await newContactWrites(routedChannel, '2026-11-21T10:09:00Z')).toMatchObject({ teamId: team.id, assigneeId: null });

    // The assignee is told, by nobody in particular.
    const told = await database.db.select().from(notifications).where(and(eq(notifications.userId, bea.id), eq(notifications.kind, 'assigned')));
    expect(told.map((x) => x.conversationId).sort()).toEqual([third.id, fifth.id, sixth.id].sort());
    expect(told.every((x) => x.actorId === null)).toBe(true);
    for (const tab of tabs) tab.disconnect();
  });

  it('gives two members their fair share when conversations arrive at once', async () => {
    const [dani, eva] = [await person('dani'), await person('eva')];
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Turnos', visibility: 'shared', roundRobin: true }, [dani.id, eva.id]);
    const channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sandbox', publicId: `${tag}-turns`, name: 'Turnos', settings: { defaultTeamId: team.id } });
    const tabs = [await rt.client(dani), await rt.client(eva)];
    await Promise.all(tabs.map(connected));

    const arrivals = await Promise.all(Array.from({ length: 6 }, () => newContactWrites(channel, '2026-11-21T11:00:00Z')));
    const share = (id: string) => arrivals.filter((c) => c.assigneeId === id).length;
    expect([share(dani.id), share(eva.id)]).toEqual([3, 3]);
    for (const tab of tabs) tab.disconnect();
  });
});
