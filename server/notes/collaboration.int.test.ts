import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations, deadlines, messages, teams } from '@/db/schema';
import { addMessage, createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { jobHandlers } from '@/server/app/jobs';
import { runDueJobs } from '@/server/scheduler/loop';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const at = (iso: string): Clock => ({ now: () => new Date(iso) });

describe.each(testDatabaseKinds)('notes, mentions, notifications and reply collisions (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let n = 0;
  const as = (user: TestWorkspace['agent'], clock = at('2026-11-22T10:00:00Z')) => createCaller({ db: database.db, clock, user });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `collab${kind}`);
  });
  afterAll(() => database.close());

  async function conversation(values: { teamId?: string; assigneeId?: string | null } = {}) {
    n += 1;
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: `Cliente ${n}`, phone: null, identity: { channelId: ws.sandbox.id, externalId: `collab-${kind}-${n}` } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, assigneeId: values.assigneeId ?? null, status: 'open', teamId: values.teamId ?? null });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'hola', sentAt: new Date('2026-11-22T09:59:00Z') });
    return c;
  }

  it('keeps a note for the team, never as a message, and notifies the person mentioned', async () => {
    const c = await conversation();
    const note = await as(ws.agent).notes.add({ conversationId: c.id, body: `@${ws.supervisor.name} ¿lo miras?`, mentionIds: [ws.supervisor.id] });
    expect(note.mentions).toEqual([{ id: ws.supervisor.id, name: ws.supervisor.name }]);
    expect((await as(ws.supervisor).notes.list({ conversationId: c.id })).map((x) => x.body)).toEqual([`@${ws.supervisor.name} ¿lo miras?`]);
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(1);
    const bell = await as(ws.supervisor).notifications.list({});
    expect(bell.data[0]).toMatchObject({ kind: 'mention', conversationId: c.id, actorName: ws.agent.name, data: { excerpt: `@${ws.supervisor.name} ¿lo miras?` } });
    expect(await as(ws.supervisor).notifications.unreadCount()).toBeGreaterThan(0);
    // The author is not notified of their own note.
    expect((await as(ws.agent).notifications.list({})).data.some((x) => x.kind === 'mention')).toBe(false);
  });

  it('refuses to mention someone who cannot see the conversation, and saves nothing', async () => {
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Privado ${kind}`, visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id], [ws.supervisor.id]);
    const c = await conversation({ teamId: team.id, assigneeId: ws.agent.id });
    await expect(as(ws.agent).notes.add({ conversationId: c.id, body: 'mira esto', mentionIds: [ws.otherAgent.id] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('cannot see this conversation'),
    });
    expect(await as(ws.agent).notes.list({ conversationId: c.id })).toEqual([]);
    await database.db.delete(teams).where(eq(teams.id, team.id));
  });

  it('notifies the new assignee, not the person assigning themselves', async () => {
    const c = await conversation();
    await as(ws.supervisor).conversations.assign({ conversationId: c.id, userId: ws.agent.id });
    expect((await as(ws.agent).notifications.list({})).data[0]).toMatchObject({ kind: 'assigned', conversationId: c.id, actorName: ws.supervisor.name });
    const before = await as(ws.otherAgent).notifications.unreadCount();
    const own = await conversation();
    await as(ws.otherAgent).conversations.assign({ conversationId: own.id, userId: ws.otherAgent.id });
    expect(await as(ws.otherAgent).notifications.unreadCount()).toBe(before);
  });

  it('marks notifications read, one or all, only for their owner', async () => {
    const list = await as(ws.supervisor).notifications.list({});
    const [first] = list.data;
    expect(await as(ws.agent).notifications.markRead({ ids: [first!.id] })).toEqual({ ids: [] });
    expect(await as(ws.supervisor).notifications.markRead({ ids: [first!.id] })).toEqual({ ids: [first!.id] });
    await as(ws.supervisor).notifications.markRead({});
    expect(await as(ws.supervisor).notifications.unreadCount()).toBe(0);
  });

  it('warns the assignee 15 minutes before a deadline, once, and tells them of the breach', async () => {
    // A new contact's first message starts First contact, through the real ingest pipeline.
    const externalId = `collab-new-${kind}`;
    const inbound = { providerMessageId: `first-${kind}`, externalId, contactName: 'Nueva', contactPhone: null, body: 'Hola, quiero empezar', sentAt: new Date('2026-11-22T10:00:00Z'), echo: false };
    await ingest(database.db, ws.sandbox, { messages: [inbound], updates: [] }, at('2026-11-22T10:00:00Z'), fx);
    const [c] = await database.db.select().from(conversations).where(eq(conversations.lastMessagePreview, 'Hola, quiero empezar'));
    await as(ws.supervisor).conversations.assign({ conversationId: c!.id, userId: ws.agent.id });
    const [d] = await database.db.select().from(deadlines).where(eq(deadlines.conversationId, c!.id)).orderBy(deadlines.dueAt);
    if (!d) return expect.fail('First contact should have started');
    const soon: Clock = { now: () => new Date(d.dueAt.getTime() - 10 * 60_000) };
    await runDueJobs(database.db, jobHandlers, soon);
    await runDueJobs(database.db, jobHandlers, soon);
    const mine = async () => (await as(ws.agent).notifications.list({ limit: 50 })).data.filter((x) => x.conversationId === c!.id);
    expect((await mine()).filter((x) => x.kind === 'deadline_soon')).toMatchObject([{ data: { stage: d.stageName, dueAt: d.dueAt.toISOString() } }]);
    await runDueJobs(database.db, jobHandlers, { now: () => new Date(d.dueAt.getTime() + 1000) });
    expect((await mine()).filter((x) => x.kind === 'breach')).toMatchObject([{ data: { stage: d.stageName } }]);
  });

  it("warns those who can take an unassigned conversation: supervisors, and a sharing team's members", async () => {
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Guardia ${kind}`, visibility: 'shared' }, [ws.agent.id], [ws.supervisor.id]);
    const firstContact = async (key: string) => {
      const inbound = { providerMessageId: `unassigned-${key}-${kind}`, externalId: `unassigned-${key}-${kind}`, contactName: `Sin dueño ${key}`, contactPhone: null, body: `Hola ${key}`, sentAt: new Date('2026-11-22T11:00:00Z'), echo: false };
      await ingest(database.db, ws.sandbox, { messages: [inbound], updates: [] }, at('2026-11-22T11:00:00Z'), fx);
      const [c] = await database.db.select().from(conversations).where(eq(conversations.lastMessagePreview, `Hola ${key}`));
      return c!;
    };
    const alone = await firstContact('alone');
    const teamed = await firstContact('teamed');
    await database.db.update(conversations).set({ teamId: team.id }).where(eq(conversations.id, teamed.id));
    const [d] = await database.db.select().from(deadlines).where(eq(deadlines.conversationId, alone.id)).orderBy(deadlines.dueAt);
    await runDueJobs(database.db, jobHandlers, { now: () => new Date(d!.dueAt.getTime() - 10 * 60_000) });
    const warned = async (user: TestWorkspace['agent']) =>
      (await as(user).notifications.list({ limit: 50 })).data.filter((x) => x.kind === 'deadline_soon' && [alone.id, teamed.id].includes(x.conversationId!)).map((x) => [x.conversationId, x.data.unassigned]);
    expect((await warned(ws.supervisor)).sort()).toEqual([[alone.id, true], [teamed.id, true]].sort());
    // The agent sees the team's conversations, not the other one's warning (nobody's in particular).
    expect(await warned(ws.agent)).toEqual([[teamed.id, true]]);
  });

  it('asks before replying within 30 seconds of a colleague, and sends when confirmed', async () => {
    const c = await conversation();
    await as(ws.agent, at('2026-11-22T10:00:00Z')).messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Te respondo yo' }, quietHours: 'send_anyway' });
    const second = { conversationId: c.id, message: { kind: 'free_form' as const, body: 'Hola, ¿en qué te ayudo?' }, quietHours: 'send_anyway' as const };
    await expect(as(ws.otherAgent, at('2026-11-22T10:00:20Z')).messages.send(second)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(ws.agent.name) });
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(2);
    await as(ws.otherAgent, at('2026-11-22T10:00:20Z')).messages.send({ ...second, recentReply: 'send_anyway' });
    // Thirty seconds on, nobody is asked; nor is anyone about their own last reply.
    await as(ws.agent, at('2026-11-22T10:00:51Z')).messages.send({ ...second, message: { kind: 'free_form', body: 'Sigo yo' } });
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(4);
  });
});
