import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { conversations, deadlines, protocolRuns, protocols, workspaces } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation, createTeam, createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { deadlinesOf } from '@/server/protocols/view';
import { landingTabFor, listQuery } from './service';
import { jobHandlers } from '@/server/app/jobs';
import { runDueJobs } from '@/server/scheduler/loop';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const at = (iso: string): Clock => ({ now: () => new Date(iso) });

describe.each(testDatabaseKinds)('inbox behaviour (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let n = 0;
  const as = (user: TestWorkspace['agent'], clock = at('2026-11-21T10:00:00Z')) => createCaller({ db: database.db, clock, user });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `inbox${kind}`);
  });
  afterAll(() => database.close());

  async function conversation(values: { name?: string; phone?: string; assigneeId?: string | null; status?: 'open' | 'snoozed' | 'closed'; teamId?: string; channel?: 'sandbox' | 'whatsapp'; at?: string } = {}) {
    n += 1;
    const channel = values.channel === 'whatsapp' ? ws.whatsapp : ws.sandbox;
    const externalId = `ext-${kind}-${n}`;
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: values.name ?? `Person ${n}`, phone: values.phone ?? null, identity: { channelId: channel.id, externalId } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: channel.id, contactId: contact.id, assigneeId: values.assigneeId ?? null, status: values.status ?? 'open', teamId: values.teamId ?? null });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: `hola ${n}`, sentAt: new Date(values.at ?? '2026-11-21T09:00:00Z') });
    return { ...c, externalId, channel };
  }
  const inbound = (c: { externalId: string; channel: TestWorkspace['sandbox'] }, iso: string) =>
    ingest(database.db, c.channel, { messages: [{ providerMessageId: `in-${Math.random()}`, externalId: c.externalId, contactName: null, contactPhone: null, body: 'otra vez', sentAt: new Date(iso), echo: false }], updates: [] }, at(iso), fx);
  const statusOf = async (id: string) => (await database.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;

  it("snoozes until tomorrow 09:00 in the agent's zone; the scheduler wakes it then", async () => {
    const c = await conversation({ assigneeId: ws.agent.id });
    const snoozed = await as(ws.agent, at('2026-11-21T20:00:00Z')).conversations.snooze({ conversationId: c.id, preset: 'tomorrow' });
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-22T08:00:00.000Z' });
    expect((await as(ws.agent).conversations.list({ tab: 'all', status: 'open' })).data.map((x) => x.id)).not.toContain(c.id);
    await runDueJobs(database.db, jobHandlers, at('2026-11-22T07:59:00Z'));
    expect((await statusOf(c.id)).status).toBe('snoozed');
    await runDueJobs(database.db, jobHandlers, at('2026-11-22T08:00:01Z'));
    expect(await statusOf(c.id)).toMatchObject({ status: 'open', snoozedUntil: null });
  });

  it('a lead with nothing assigned lands on all; with something assigned, and an agent always, on mine', async () => {
    const lead = { ...ws.supervisor, id: (await createUser(database.db, { workspaceId: ws.workspace.id, email: `lead-${kind}@landing.test`, name: 'Lead', role: 'supervisor' })).id };
    expect(await landingTabFor(database.db, lead)).toBe('all');
    expect(await landingTabFor(database.db, ws.otherAgent)).toBe('mine');
    await conversation({ assigneeId: lead.id, status: 'closed' });
    expect(await landingTabFor(database.db, lead)).toBe('all');
    await conversation({ assigneeId: lead.id, status: 'snoozed' });
    expect(await landingTabFor(database.db, lead)).toBe('mine');
  });

  it('a snoozed conversation wakes at once when the contact writes', async () => {
    const c = await conversation();
    await as(ws.agent).conversations.snooze({ conversationId: c.id, until: '2026-12-01T09:00:00Z' });
    await inbound(c, '2026-11-21T11:00:00Z');
    expect((await statusOf(c.id)).status).toBe('open');
  });

  it('refuses a snooze in the past, naming the field', async () => {
    const c = await conversation();
    await expect(as(ws.agent).conversations.snooze({ conversationId: c.id, until: '2026-11-20T09:00:00Z' })).rejects.toThrow(/until/);
  });

  it('closing keeps the assignee unless the workspace says closing unassigns', async () => {
    const a = await conversation({ assigneeId: ws.agent.id });
    await as(ws.agent).conversations.setStatus({ conversationId: a.id, change: { status: 'closed' } });
    expect(await statusOf(a.id)).toMatchObject({ status: 'closed', assigneeId: ws.agent.id });
    await database.db.update(workspaces).set({ settings: { closeUnassigns: true } }).where(eq(workspaces.id, ws.workspace.id));
    const b = await conversation({ assigneeId: ws.agent.id });
    await as(ws.agent).conversations.setStatus({ conversationId: b.id, change: { status: 'closed' } });
    expect(await statusOf(b.id)).toMatchObject({ status: 'closed', assigneeId: null });
    await database.db.update(workspaces).set({ settings: {} }).where(eq(workspaces.id, ws.workspace.id));
    // Reopen by hand, and by the contact writing.
    await as(ws.agent).conversations.setStatus({ conversationId: a.id, change: { status: 'open' } });
    expect((await statusOf(a.id)).status).toBe('open');
    await inbound(b, '2026-11-21T12:00:00Z');
    expect((await statusOf(b.id)).status).toBe('open');
  });

  it('agents take conversations for themselves; supervisors reassign anyone', async () => {
    const c = await conversation();
    await expect(as(ws.agent).conversations.assign({ conversationId: c.id, userId: ws.otherAgent.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await as(ws.agent).conversations.assign({ conversationId: c.id, userId: ws.agent.id });
    expect((await statusOf(c.id)).assigneeId).toBe(ws.agent.id);
    await as(ws.supervisor).conversations.assign({ conversationId: c.id, userId: ws.otherAgent.id });
    expect((await statusOf(c.id)).assigneeId).toBe(ws.otherAgent.id);
    await expect(as(ws.supervisor).conversations.assign({ conversationId: c.id, userId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/userId/);
  });

  it('counts unread per user, by conversation, and marks one unread again', async () => {
    const c = await conversation({ assigneeId: ws.agent.id });
    await inbound(c, '2026-11-21T09:30:00Z');
    await inbound(c, '2026-11-21T09:31:00Z');
    const unread = async (user: TestWorkspace['agent']) => (await as(user).conversations.list({ tab: 'all', status: 'open', unread: true, limit: 100 })).data.filter((x) => x.id === c.id).length;
    expect(await unread(ws.agent)).toBe(1);
    await as(ws.agent).conversations.markRead({ conversationId: c.id });
    expect(await unread(ws.agent)).toBe(0);
    expect(await unread(ws.supervisor)).toBe(1);
    await as(ws.agent).conversations.markUnread({ conversationId: c.id });
    expect(await unread(ws.agent)).toBe(1);
  });

  it('blocking closes the conversation; later messages are kept but reopen nothing until unblocked', async () => {
    const c = await conversation({ assigneeId: ws.agent.id });
    await as(ws.agent).contacts.setBlocked({ contactId: c.contactId, blocked: true });
    expect((await statusOf(c.id)).status).toBe('closed');
    await inbound(c, '2026-11-21T13:00:00Z');
    expect((await statusOf(c.id)).status).toBe('closed');
    await expect(as(ws.agent).messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'hola' } })).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await as(ws.agent).contacts.setBlocked({ contactId: c.contactId, blocked: false });
    await inbound(c, '2026-11-21T14:00:00Z');
    expect((await statusOf(c.id)).status).toBe('open');
  });

  it("lists each conversation's most urgent open deadline as the thread shows it, with the workspace's quiet hours", async () => {
    const other = await createTestWorkspace(database.db, `inbox-deadline${kind}`);
    await database.db.update(workspaces).set({ settings: { businessQuietHours: { start: '20:00', end: '09:00' } } }).where(eq(workspaces.id, other.workspace.id));
    const contact = await createContact(database.db, { workspaceId: other.workspace.id, name: 'Plazo', identity: { channelId: other.sandbox.id, externalId: `plazo-${kind}` } });
    const c = await createConversation(database.db, { workspaceId: other.workspace.id, channelId: other.sandbox.id, contactId: contact.id });
    const bare = await createConversation(database.db, { workspaceId: other.workspace.id, channelId: other.sandbox.id, contactId: contact.id });
    const [protocol] = await database.db.select().from(protocols).where(eq(protocols.workspaceId, other.workspace.id)).limit(1);
    const startedAt = new Date('2026-11-21T08:00:00.123Z');
    const [run] = await database.db.insert(protocolRuns).values({ workspaceId: other.workspace.id, protocolId: protocol!.id, conversationId: c.id, startedAt }).returning();
    const stage = (stageIndex: number, dueAt: string, status: 'pending' | 'breached' | 'met') =>
      ({ workspaceId: other.workspace.id, runId: run!.id, conversationId: c.id, stageIndex, protocolName: protocol!.name, stageName: `stage ${stageIndex}`, clock: 'business' as const, enforcement: 'required' as const, zone: 'Europe/Madrid', startedAt, dueAt: new Date(dueAt), status, metAt: status === 'met' ? new Date(dueAt) : null });
    // The met one is due first, but no longer open; of the open two, the breached one is due first.
    await database.db.insert(deadlines).values([stage(0, '2026-11-21T09:00:00.000Z', 'met'), stage(1, '2026-11-21T12:30:00.456Z', 'pending'), stage(2, '2026-11-21T11:00:00.789Z', 'breached')]);
    const page = (await as(other.supervisor).conversations.list({ tab: 'all', limit: 100 })).data;
    const expected = (await deadlinesOf(database.db, c.id)).find((d) => d.stage === 'stage 2')!;
    expect(expected).toMatchObject({ dueAt: '2026-11-21T11:00:00.789Z', quietHours: { start: '20:00', end: '09:00' } });
    expect(page.find((x) => x.id === c.id)!.nextDeadline).toEqual(expected);
    expect(page.find((x) => x.id === bare.id)!.nextDeadline).toBeNull();
  });

  it('a prepared page lists each agent their own conversations, run after run, past the switch to a generic plan', async () => {
    const mine = { agent: [] as string[], otherAgent: [] as string[] };
    for (let i = 0; i < 3; i++) {
      mine.agent.push((await conversation({ assigneeId: ws.agent.id, at: `2026-11-21T0${i}:10:00Z` })).id);
      mine.otherAgent.push((await conversation({ assigneeId: ws.otherAgent.id, at: `2026-11-21T0${i}:20:00Z` })).id);
    }
    // Mine + open has no filter whose value decides its plan, so it is a prepared statement: the
    // same text for both agents, run more than the five times before PostgreSQL may stop planning it.
    for (let run = 0; run < 8; run++) {
      for (const who of ['agent', 'otherAgent'] as const) {
        const listed = (await as(ws[who]).conversations.list({ tab: 'mine', status: 'open', sort: 'newest', limit: 100 })).data.map((x) => x.id);
        expect(listed.filter((id) => [...mine.agent, ...mine.otherAgent].includes(id)), `${who}, run ${run}`).toEqual([...mine[who]].reverse());
      }
    }
  });

  it('a channel filter lists the conversations of every channel of that kind in the workspace, in the order asked, page after page', async () => {
    const other = await createTestWorkspace(database.db, `inbox-other-${kind}`);
    const second = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'whatsapp', publicId: `second-wa-${kind}`, name: 'WhatsApp 2' });
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Kinds ${kind}`, visibility: 'shared' }, [ws.agent.id], [ws.supervisor.id]);
    const made = [];
    for (let i = 0; i < 6; i++) {
      const c = await conversation({ channel: i % 3 === 2 ? 'sandbox' : 'whatsapp', teamId: team.id, at: `2026-11-21T0${i}:00:00Z` });
      if (i % 3 === 1) await database.db.update(conversations).set({ channelId: second.id }).where(eq(conversations.id, c.id));
      made.push({ ...c, kind: i % 3 === 2 ? 'sandbox' : 'whatsapp' });
    }
    // Another workspace's WhatsApp channel is of the same kind, and none of its conversations is listed.
    const theirs = await createContact(database.db, { workspaceId: other.workspace.id, name: 'Theirs', phone: null, identity: { channelId: other.whatsapp.id, externalId: `theirs-${kind}` } });
    await createConversation(database.db, { workspaceId: other.workspace.id, channelId: other.whatsapp.id, contactId: theirs.id, status: 'open' });
    const whatsapp = made.filter((c) => c.kind === 'whatsapp').map((c) => c.id);
    for (const sort of ['newest', 'urgent', 'waiting'] as const) {
      // The same view filtered by the channels' kind through the join, with no ids read first.
      const joined = await listQuery(database.db, ws.supervisor, { tab: 'all', teamId: team.id, channel: 'whatsapp', sort, limit: 100 }, new Date('2026-11-21T10:00:00Z'));
      expect(joined.map((r) => r.c.id).sort()).toEqual([...whatsapp].sort());
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { id: string }[]; nextCursor: string | null } = await as(ws.supervisor).conversations.list({ tab: 'all', teamId: team.id, channel: 'whatsapp', sort, limit: 1, cursor });
        listed.push(...page.data.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(listed, sort).toEqual(joined.map((r) => r.c.id));
    }
    expect((await as(ws.supervisor).conversations.list({ tab: 'all', teamId: team.id, channel: 'messenger' })).data).toEqual([]);
    expect((await as(ws.supervisor).conversations.list({ tab: 'all', teamId: team.id, channel: 'telegram' })).data).toEqual([]);
  });

  it('filters by channel, assignee, team, label and deadline state, combined', async () => {
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Desk ${kind}`, visibility: 'shared' }, [ws.agent.id], [ws.supervisor.id]);
    const wa = await conversation({ channel: 'whatsapp', assigneeId: ws.agent.id, teamId: team.id });
    const sb = await conversation({ assigneeId: ws.agent.id, teamId: team.id });
    const label = await as(ws.agent).conversations.createLabel({ name: `VIP ${kind}`, color: 'amber' });
    await as(ws.agent).conversations.setLabel({ conversationId: wa.id, labelId: label.id, applied: true });
    const ids = async (input: Parameters<ReturnType<typeof as>['conversations']['list']>[0]) =>
      (await as(ws.supervisor).conversations.list({ tab: 'all', limit: 100, ...input })).data.map((x) => x.id);
    expect(await ids({ channel: 'whatsapp', teamId: team.id })).toEqual([wa.id]);
    expect(await ids({ labelId: label.id })).toEqual([wa.id]);
    expect((await ids({ teamId: team.id, assignee: ws.agent.id })).sort()).toEqual([wa.id, sb.id].sort());
    expect(await ids({ labelId: label.id, channel: 'sandbox' })).toEqual([]);
    expect(await ids({ teamId: team.id, deadline: 'none' })).toHaveLength(2);
    const listed = (await as(ws.supervisor).conversations.list({ tab: 'all', labelId: label.id })).data[0]!;
    expect(listed.labels).toEqual([{ id: label.id, name: `VIP ${kind}`, color: 'amber' }]);
    // Several labels come by name; a conversation with none lists none.
    const first = await as(ws.agent).conversations.createLabel({ name: `Alta ${kind}`, color: 'red' });
    await as(ws.agent).conversations.setLabel({ conversationId: wa.id, labelId: first.id, applied: true });
    const page = (await as(ws.supervisor).conversations.list({ tab: 'all', teamId: team.id, limit: 100 })).data;
    expect(page.find((x) => x.id === wa.id)!.labels.map((l) => l.name)).toEqual([`Alta ${kind}`, `VIP ${kind}`]);
    expect(page.find((x) => x.id === sb.id)!.labels).toEqual([]);
    await as(ws.agent).conversations.setLabel({ conversationId: wa.id, labelId: first.id, applied: false });
    await as(ws.agent).conversations.setLabel({ conversationId: wa.id, labelId: label.id, applied: false });
    expect(await ids({ labelId: label.id })).toEqual([]);
    await expect(as(ws.agent).conversations.createLabel({ name: `VIP ${kind}` })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('filters by the campaign or flow a reply was attributed to, offering only those of the workspace', async () => {
    const other = await createTestWorkspace(database.db, `inbox-other${kind}`);
    const [autumn, welcome, plain] = [await conversation(), await conversation(), await conversation()];
    await database.db.update(conversations).set({ attributedCampaign: 'Otoño' }).where(eq(conversations.id, autumn.id));
    await database.db.update(conversations).set({ attributedCampaign: 'Bienvenida' }).where(eq(conversations.id, welcome.id));
    const foreign = await createContact(database.db, { workspaceId: other.workspace.id, name: 'Foreign', phone: null, identity: { channelId: other.sandbox.id, externalId: `foreign-${kind}` } });
    await createConversation(database.db, { workspaceId: other.workspace.id, channelId: other.sandbox.id, contactId: foreign.id, attributedCampaign: 'Ajena' });
    expect(await as(ws.agent).conversations.campaigns()).toEqual(['Bienvenida', 'Otoño']);
    // An agent is offered only the campaigns of conversations they may read.
    const private_ = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Privado ${kind}`, visibility: 'assigned' }, [ws.agent.id], [ws.supervisor.id]);
    const hidden = await conversation({ teamId: private_.id, assigneeId: ws.otherAgent.id });
    await database.db.update(conversations).set({ attributedCampaign: 'Oculta' }).where(eq(conversations.id, hidden.id));
    expect(await as(ws.agent).conversations.campaigns()).toEqual(['Bienvenida', 'Otoño']);
    expect(await as(ws.supervisor).conversations.campaigns()).toEqual(['Bienvenida', 'Oculta', 'Otoño']);
    const ids = (await as(ws.supervisor).conversations.list({ tab: 'all', campaign: 'Otoño', limit: 100 })).data.map((x) => x.id);
    expect(ids).toEqual([autumn.id]);
    expect(ids).not.toContain(plain.id);
  });

  it('finds a phone whatever its formatting, names by word prefix, and message text', async () => {
    const c = await conversation({ name: 'Graciela Búsqueda', phone: '+34 600 11 22 33' });
    const find = async (search: string) => (await as(ws.supervisor).conversations.list({ tab: 'all', search, limit: 100 })).data.map((x) => x.id);
    expect(await find('+34 600 11 22 33')).toContain(c.id);
    expect(await find('600112233')).toContain(c.id);
    expect(await find('600 11 22 33')).toContain(c.id);
    // Dialled from abroad: a leading 00 is the +.
    expect(await find('0034600112233')).toContain(c.id);
    expect(await find('00 34 600 11 22 33')).toContain(c.id);
    expect(await find('graci')).toContain(c.id);
    expect(await find('Graciela Búsq')).toContain(c.id);
    expect(await find(`hola ${n}`)).toContain(c.id);
    expect(await find('nadie')).not.toContain(c.id);
  });

  it('ignores accents and case, in names and in messages, whichever side has them', async () => {
    const c = await conversation({ name: 'Ángel Muñoz Lucía' });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Me duele el CORAZÓN', sentAt: new Date('2026-11-21T09:05:00Z') });
    const plain = await conversation({ name: 'Angel Munoz Lucia' });
    const find = async (search: string) => (await as(ws.supervisor).conversations.list({ tab: 'all', search, limit: 100 })).data.map((x) => x.id);
    // Text in decomposed form: the accent is a separate combining mark.
    const decomposed = await conversation({ name: 'Lucía Decompuesta'.normalize('NFD') });
    expect(await find('lucia decompuesta')).toEqual([decomposed.id]);
    for (const search of ['angel', 'ÁNGEL', 'munoz', 'muñ', 'lucia', 'Lucía']) {
      expect(await find(search)).toEqual(expect.arrayContaining([c.id, plain.id]));
    }
    expect(await find('corazon')).toContain(c.id);
    expect(await find('corazón')).toContain(c.id);
    expect(await find('corazon')).not.toContain(plain.id);
  });

  it("the migration's rebuild of every search vector gives the words the triggers keep", async () => {
    const words = async () =>
      queryRows<{ id: string; all: string; contact: string }>(
        database.db,
        sql`select id, array_to_string(tsvector_to_array(search_vector), ' ') as all, array_to_string(tsvector_to_array(ts_filter(search_vector, '{a}')), ' ') as contact from conversations order by id`,
      );
    const before = await words();
    expect(before.some((r) => r.all.includes('corazon'))).toBe(true);
    const migration = await readFile(path.join(process.cwd(), 'db/migrations/0013_search_accent_folding.sql'), 'utf8');
    const rebuild = migration.split('--> statement-breakpoint').at(-1)!;
    await database.db.update(conversations).set({ searchVector: null });
    await database.db.execute(sql.raw(rebuild));
    expect(await words()).toEqual(before);
  });

  it('finds a renamed contact by the new name only, and still by its messages', async () => {
    const c = await conversation({ name: 'Rosalía Antigua', phone: '+34 600 99 88 77' });
    const find = async (search: string) => (await as(ws.supervisor).conversations.list({ tab: 'all', search, limit: 100 })).data.map((x) => x.id);
    await as(ws.agent).contacts.update({ contactId: c.contactId, name: 'Rosalía Nueva', email: 'rosalia@example.test', timeZone: 'Europe/Madrid', locale: 'es' });
    expect(await find('nueva')).toContain(c.id);
    expect(await find('rosalia@example.test')).toContain(c.id);
    expect(await find('antigua')).not.toContain(c.id);
    expect(await find(`hola ${n}`)).toContain(c.id);
  });

  it('pages with no row twice and none missing while new messages arrive', async () => {
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Paging ${kind}`, visibility: 'shared' }, [], [ws.supervisor.id]);
    const made: Awaited<ReturnType<typeof conversation>>[] = [];
    for (let i = 0; i < 7; i++) made.push(await conversation({ teamId: team.id, at: `2026-11-21T0${i}:00:00Z` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const result: { data: { id: string }[]; nextCursor: string | null } = await as(ws.supervisor).conversations.list({ tab: 'all', teamId: team.id, sort: 'newest', limit: 2, cursor });
      seen.push(...result.data.map((x) => x.id));
      cursor = result.nextCursor;
      // Meanwhile an old conversation gets a new message: it moves to the top, behind us.
      if (page === 1) await inbound(made[0]!, '2026-11-21T23:00:00Z');
      page += 1;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id !== made[0]!.id).sort()).toEqual(made.slice(1).map((c) => c.id).sort());
  });

  it('a thread opens on its newest 50 messages and pages back through the rest, even as new ones arrive', async () => {
    const therapy = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Thread ${kind}`, visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id], [ws.supervisor.id]);
    const c = await conversation({ assigneeId: ws.agent.id, teamId: therapy.id, at: '2026-11-20T00:00:00Z' });
    // 119 more, a minute apart: 120 in all, the oldest being the conversation's first.
    for (let i = 1; i < 120; i++) {
      await addMessage(database.db, c, { direction: i % 2 ? 'outbound' : 'inbound', authorKind: i % 2 ? 'agent' : 'contact', body: `m${i}`, sentAt: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000) });
    }
    const thread = (cursor?: string) => as(ws.agent).messages.thread({ conversationId: c.id, ...(cursor ? { cursor } : {}) });
    const first = await thread();
    expect(first.data).toHaveLength(50);
    expect(first.data[0]!.body).toBe('m119');
    expect(first.data[49]!.body).toBe('m70');
    // A message arriving while the agent reads does not shift the older pages.
    await inbound(c, '2026-11-21T12:00:00Z');
    const second = await thread(first.nextCursor!);
    expect(second.data.map((m) => m.body)).toEqual(Array.from({ length: 50 }, (_, i) => `m${69 - i}`));
    const third = await thread(second.nextCursor!);
    expect(third.data.map((m) => m.body)).toEqual([...Array.from({ length: 19 }, (_, i) => `m${19 - i}`), `hola ${n}`]);
    expect(third.nextCursor).toBeNull();
    // A teammate of an `assigned` team cannot read another's client, page by page either.
    await expect(as(ws.otherAgent).messages.thread({ conversationId: c.id, cursor: first.nextCursor! })).rejects.toThrow();
  });
});
