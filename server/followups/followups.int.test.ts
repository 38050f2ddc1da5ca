import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { followupRuns, followups, jobs, labels, messages, recordedSends, templates } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { recordContactEvent } from '@/server/contacts/service';
import { Effects } from '@/server/effects/unit-of-work';
import { deliverDue } from '@/server/messages/testing';
import { createCaller } from '@/server/router';
import { runDueJobs } from '@/server/scheduler/loop';
import { ActivationJob, scanActivated } from './activation';
import type { CreateFollowupBody } from './schemas';

const clockAt = (t: Date | string): Clock => ({ now: () => new Date(t) });

/** Follow-ups end to end (SPEC §7): scheduled by interactions, stopped by triggers, sent once by the scheduler. */
describe.each(testDatabaseKinds)('follow-ups (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let n = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `fu-${kind}`);
  });
  afterAll(() => database.close());
  // Each test makes its own follow-ups; earlier ones are switched off so the limit of five never bites.
  beforeEach(async () => {
    await database.db.update(followups).set({ active: false });
  });

  const as = (user: TestWorkspace['admin'], at: Date | string) => createCaller({ db: database.db, clock: clockAt(at), user });
  const create = (body: Partial<CreateFollowupBody> = {}, at = '2026-05-04T07:00:00Z') =>
    as(ws.admin, at).followups.create({
      name: `Nudge ${++n}`,
      delayMinutes: 60,
      channelKinds: ['sandbox'],
      message: { kind: 'custom', body: '¿Seguimos, {{contact.first_name}}?' },
      stopOn: ['contact_replied'],
      ...body,
    });

  /** A sandbox conversation the contact opened at `at` (Madrid daytime unless said otherwise). */
  async function conversation(at: string, channel = ws.sandbox, contact: { timeZone?: string; name?: string } = {}) {
    const tag = `c${++n}`;
    const person = await createContact(database.db, { workspaceId: ws.workspace.id, name: contact.name ?? `Lucía ${tag}`, timeZone: contact.timeZone, identity: { channelId: channel.id, externalId: tag } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: channel.id, contactId: person.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola, ¿tenéis hueco?', sentAt: new Date(at) });
    return { ...c, externalId: tag };
  }
  const reply = (conversationId: string, at: string, body = 'Os escribo luego') =>
    as(ws.agent, at).messages.send({ conversationId, message: { kind: 'free_form', body }, quietHours: 'send_anyway', recentReply: 'send_anyway' });
  /** The contact writes, through the ingest pipeline. */
  const contactWrites = (channel: typeof ws.sandbox, externalId: string, at: string, body = 'Sí, dime') =>
    ingest(database.db, channel, { messages: [{ providerMessageId: `in-${++n}`, externalId, contactName: null, contactPhone: null, body, sentAt: new Date(at), echo: false }], updates: [] }, clockAt(at), new Effects());
  const tick = (at: string) => runDueJobs(database.db, jobHandlers, clockAt(at), { batch: 100, budgetMs: 60_000 });
  const timeline = async (conversationId: string) => (await as(ws.agent, '2026-05-10T00:00:00Z').followups.timeline({ conversationId })).map((e) => [e.status, e.reason, e.dueAt]);
  const followUpsSent = async (conversationId: string) =>
    (await database.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.authorKind, 'follow_up')))).map((m) => m.body);

  it('schedules one at the last interaction plus the delay, and at its time sends it once through the send pipeline', async () => {
    const f = await create();
    const c = await conversation('2026-05-04T07:50:00Z');
    await reply(c.id, '2026-05-04T08:00:00Z');
    expect(await timeline(c.id)).toEqual([['scheduled', 'conditions_met', '2026-05-04T09:00:00.000Z']]);
    // Not before its time.
    await tick('2026-05-04T08:59:00Z');
    expect(await followUpsSent(c.id)).toEqual([]);
    await tick('2026-05-04T09:00:05Z');
    await tick('2026-05-04T09:30:00Z');
    expect(await followUpsSent(c.id)).toEqual([`¿Seguimos, Lucía?`]);
    const [sent] = await database.db.select().from(messages).where(and(eq(messages.conversationId, c.id), eq(messages.authorKind, 'follow_up')));
    expect(sent).toMatchObject({ direction: 'outbound', status: 'queued', authorId: null });
    // The agent's reply and the follow-up.
    expect(await deliverDue(database.db, clockAt('2026-05-04T09:30:00Z'))).toBe(2);
    expect((await database.db.select({ n: count() }).from(recordedSends).where(eq(recordedSends.messageId, sent!.id)))[0]!.n).toBe(1);
    expect(await timeline(c.id)).toEqual([
      ['scheduled', 'conditions_met', '2026-05-04T09:00:00.000Z'],
      ['sent', 'free_form', '2026-05-04T09:00:00.000Z'],
    ]);
    // The follow-up's own message is no interaction: nothing new is scheduled from it.
    const [runs] = await database.db.select({ n: count() }).from(followupRuns).where(eq(followupRuns.conversationId, c.id));
    expect(runs!.n).toBe(1);
    const [view] = (await as(ws.admin, '2026-05-05T09:00:00Z').followups.list({})).filter((x) => x.id === f.id);
    expect(view!.counts).toEqual({ scheduled: 1, sent: 1, skipped: 0, cancelled: 0, replies: 0 });
    // The contact answers the next morning: a reply within 24 h of the send.
    await contactWrites(ws.sandbox, c.externalId, '2026-05-05T08:00:00Z');
    expect((await as(ws.admin, '2026-05-05T09:00:00Z').followups.get({ followupId: f.id })).counts.replies).toBe(1);
  });

  it('a new interaction moves it; the earlier time sends nothing', async () => {
    await create({ delayMinutes: 120 });
    const c = await conversation('2026-05-04T07:00:00Z');
    await reply(c.id, '2026-05-04T08:00:00Z');
    await reply(c.id, '2026-05-04T09:00:00Z', 'Y otra cosa');
    expect(await timeline(c.id)).toEqual([
      ['scheduled', 'conditions_met', '2026-05-04T10:00:00.000Z'],
      ['scheduled', 'moved', '2026-05-04T11:00:00.000Z'],
    ]);
    await tick('2026-05-04T10:00:01Z');
    expect(await followUpsSent(c.id)).toEqual([]);
    await tick('2026-05-04T11:00:01Z');
    expect(await followUpsSent(c.id)).toHaveLength(1);
  });

  it("is cancelled by the contact's reply before its time, and nothing is sent", async () => {
    await create();
    const c = await conversation('2026-05-04T07:00:00Z');
    await reply(c.id, '2026-05-04T08:00:00Z');
    await contactWrites(ws.sandbox, c.externalId, '2026-05-04T08:30:00Z');
    await tick('2026-05-04T09:00:01Z');
    expect(await followUpsSent(c.id)).toEqual([]);
    expect(await timeline(c.id)).toEqual([
      ['scheduled', 'conditions_met', '2026-05-04T09:00:00.000Z'],
      ['cancelled', 'contact_replied', '2026-05-04T09:00:00.000Z'],
    ]);
  });

  it('each stop trigger stops every pending follow-up of the conversation, only when a pending one lists it', async () => {
    const listing = await create({ stopOn: ['contact_replied', 'session_booked', 'conversation_closed', 'opted_out', 'label_added'] });
    const other = await create({ delayMinutes: 90, stopOn: ['contact_replied'] });
    const [label] = await database.db.insert(labels).values({ workspaceId: ws.workspace.id, name: `vip-${kind}` }).returning();
    const t = '2026-05-04T08:00:00Z';
    const cases: [string, (c: { id: string; contactId: string }) => Promise<unknown>][] = [
      ['session_booked', (c) => recordContactEvent(database.db, ws.admin, c.contactId, { type: 'session.booked', occurredAt: t, properties: {} }, new Date(t), new Effects())],
      ['conversation_closed', (c) => as(ws.agent, t).conversations.setStatus({ conversationId: c.id, change: { status: 'closed' } })],
      ['opted_out', (c) => as(ws.agent, t).contacts.setBlocked({ contactId: c.contactId, blocked: true })],
      ['label_added', (c) => as(ws.agent, t).conversations.setLabel({ conversationId: c.id, labelId: label!.id, applied: true })],
    ];
    for (const [trigger, happen] of cases) {
      const c = await conversation('2026-05-04T07:00:00Z');
      await reply(c.id, '2026-05-04T07:30:00Z');
      await happen(c);
      const runs = await database.db.select().from(followupRuns).where(eq(followupRuns.conversationId, c.id));
      expect(runs.map((r) => [r.followupId === listing.id ? 'listing' : r.followupId === other.id ? 'other' : '?', r.status, r.reason]).sort(), trigger).toEqual([
        ['listing', 'cancelled', trigger],
        ['other', 'cancelled', trigger],
      ]);
      await tick('2026-05-04T09:30:00Z');
      expect(await followUpsSent(c.id), trigger).toEqual([]);
    }
    // With only `other` pending (it lists none of them), a label stops nothing.
    await database.db.update(followups).set({ active: false }).where(eq(followups.id, listing.id));
    const c = await conversation('2026-05-04T07:00:00Z');
    await reply(c.id, '2026-05-04T07:30:00Z');
    await as(ws.agent, t).conversations.setLabel({ conversationId: c.id, labelId: label!.id, applied: true });
    expect((await database.db.select().from(followupRuns).where(eq(followupRuns.conversationId, c.id))).map((r) => r.status)).toEqual(['pending']);
  });

  it('is skipped, with the reason, when the channel window closed before its time', async () => {
    await create({ channelKinds: ['messenger'], delayMinutes: 20 * 60 });
    const c = await conversation('2026-05-04T06:00:00Z', ws.messenger);
    // Our reply five hours later: 20 h after it, the 24 h Messenger window has closed.
    await reply(c.id, '2026-05-04T11:00:00Z');
    await tick('2026-05-05T07:00:01Z');
    expect(await followUpsSent(c.id)).toEqual([]);
    expect((await timeline(c.id)).at(-1)).toEqual(['skipped', 'tag_required', '2026-05-05T07:00:00.000Z']);
  });

  it('past the WhatsApp window sends its approved template, billed as one', async () => {
    const [template] = await database.db
      .insert(templates)
      .values({ workspaceId: ws.workspace.id, name: 'retomar', body: 'Hola {{contact.first_name}}, ¿retomamos tu consulta?', channelKinds: ['whatsapp'], whatsappStatus: 'approved', whatsappCategory: 'marketing' })
      .returning();
    await create({ channelKinds: ['whatsapp'], delayMinutes: 48 * 60, whatsappTemplateId: template!.id });
    const c = await conversation('2026-05-04T07:00:00Z', ws.whatsapp, { name: 'Marta Gil' });
    await reply(c.id, '2026-05-04T07:30:00Z');
    await tick('2026-05-06T07:30:01Z');
    const [sent] = await database.db.select().from(messages).where(and(eq(messages.conversationId, c.id), eq(messages.authorKind, 'follow_up')));
    expect(sent).toMatchObject({ kind: 'template', templateId: template!.id, body: 'Hola Marta, ¿retomamos tu consulta?', billing: 'whatsapp_template' });
    expect((await timeline(c.id)).at(-1)).toEqual(['sent', 'template', '2026-05-06T07:30:00.000Z']);
  });

  it("waits for 08:00 in the contact's zone, then sends", async () => {
    await create({ delayMinutes: 6 * 60 });
    const c = await conversation('2026-05-04T15:00:00Z', ws.sandbox, { timeZone: 'Europe/Madrid' });
    await reply(c.id, '2026-05-04T16:00:00Z');
    // Due 22:00 UTC = 00:00 in Madrid.
    await tick('2026-05-04T22:00:01Z');
    expect(await followUpsSent(c.id)).toEqual([]);
    expect((await timeline(c.id)).at(-1)).toEqual(['waiting', 'quiet_hours', '2026-05-05T06:00:00.000Z']);
    await tick('2026-05-05T06:00:01Z');
    expect(await followUpsSent(c.id)).toHaveLength(1);
  });

  it('sends the best suggestion for the stage in the contact’s language', async () => {
    await database.db.insert(templates).values([
      { workspaceId: ws.workspace.id, name: 'general es', stage: 'general', language: 'es', body: 'Seguimos aquí, {{contact.first_name}}.' },
      { workspaceId: ws.workspace.id, name: 'general en', stage: 'general', language: 'en', body: 'Still here for you, {{contact.first_name}}.' },
      { workspaceId: ws.workspace.id, ownerId: ws.agent.id, name: 'personal', stage: 'general', language: 'en', body: 'Mine only' },
    ]);
    await create({ message: { kind: 'suggested' } });
    const c = await conversation('2026-05-04T07:00:00Z', ws.sandbox, { name: 'Kate Moss' });
    await as(ws.agent, '2026-05-04T07:10:00Z').contacts.update({ contactId: c.contactId, name: 'Kate Moss', email: '', timeZone: '', locale: 'en' });
    await reply(c.id, '2026-05-04T08:00:00Z');
    await tick('2026-05-04T09:00:01Z');
    expect(await followUpsSent(c.id)).toEqual(['Still here for you, Kate.']);
  });

  it('an edit changes only the follow-ups scheduled after it; deactivating and deleting cancel the pending ones', async () => {
    const f = await create();
    const before = await conversation('2026-05-04T07:00:00Z');
    await reply(before.id, '2026-05-04T08:00:00Z');
    await as(ws.admin, '2026-05-04T08:10:00Z').followups.update({ followupId: f.id, message: { kind: 'custom', body: 'Texto nuevo' } });
    const after = await conversation('2026-05-04T07:00:00Z');
    await reply(after.id, '2026-05-04T08:20:00Z');
    await tick('2026-05-04T09:30:00Z');
    expect(await followUpsSent(before.id)).toEqual(['¿Seguimos, Lucía?']);
    expect(await followUpsSent(after.id)).toEqual(['Texto nuevo']);

    const off = await conversation('2026-05-04T07:00:00Z');
    await reply(off.id, '2026-05-04T10:00:00Z');
    await as(ws.admin, '2026-05-04T10:10:00Z').followups.setActive({ followupId: f.id, active: false });
    expect((await timeline(off.id)).at(-1)).toEqual(['cancelled', 'deactivated', '2026-05-04T11:00:00.000Z']);

    await as(ws.admin, '2026-05-04T10:20:00Z').followups.setActive({ followupId: f.id, active: true });
    const gone = await conversation('2026-05-04T07:00:00Z');
    await reply(gone.id, '2026-05-04T10:30:00Z');
    await as(ws.admin, '2026-05-04T10:40:00Z').followups.delete({ followupId: f.id });
    expect((await timeline(gone.id)).at(-1)).toEqual(['cancelled', 'deleted', '2026-05-04T11:30:00.000Z']);
    await expect(as(ws.admin, '2026-05-04T10:50:00Z').followups.get({ followupId: f.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await tick('2026-05-04T12:00:00Z');
    expect(await followUpsSent(off.id)).toEqual([]);
    expect(await followUpsSent(gone.id)).toEqual([]);
  });

  it('sends each once with two scheduler loops at work, however many jobs point at one follow-up', async () => {
    await create({ delayMinutes: 30 });
    const convs = [];
    for (let i = 0; i < 8; i++) {
      const c = await conversation('2026-05-04T07:00:00Z');
      await reply(c.id, '2026-05-04T08:00:00Z');
      // A second interaction moves it: its first job stays in the queue, due too.
      await reply(c.id, '2026-05-04T08:05:00Z', 'Una cosa más');
      convs.push(c);
    }
    const clock = clockAt('2026-05-04T09:00:00Z');
    const loop = () => runDueJobs(database.db, jobHandlers, clock, { batch: 5, budgetMs: 60_000 });
    await Promise.all([loop(), loop()]);
    await Promise.all([loop(), loop(), loop()]);
    await Promise.all([loop(), loop()]);
    for (const c of convs) expect(await followUpsSent(c.id)).toHaveLength(1);
    // Two jobs pointed at each of them, and both ran.
    const runIds = (await database.db.select({ id: followupRuns.id }).from(followupRuns).where(inArray(followupRuns.conversationId, convs.map((c) => c.id)))).map((r) => r.id);
    const ran = await database.db.select({ doneAt: jobs.doneAt }).from(jobs).where(and(eq(jobs.kind, 'followup.due'), inArray(sql`${jobs.payload} ->> 'runId'`, runIds)));
    expect(ran).toHaveLength(16);
    expect(ran.every((j) => j.doneAt !== null)).toBe(true);
  });

  it('gives a silence each follow-up once: sent, it is not scheduled again until a person writes', async () => {
    await create({ delayMinutes: 30, conditions: { lastMessageOurs: false, labelIds: [], withoutLabelIds: [], stage: null } });
    const c = await conversation('2026-05-04T07:00:00Z');
    await reply(c.id, '2026-05-04T08:00:00Z');
    await tick('2026-05-04T08:30:01Z');
    await tick('2026-05-04T12:00:00Z');
    expect(await followUpsSent(c.id)).toHaveLength(1);
    // A new message from a person starts a new silence.
    await reply(c.id, '2026-05-04T13:00:00Z');
    await tick('2026-05-04T13:30:01Z');
    expect(await followUpsSent(c.id)).toHaveLength(2);
  });

  it('switched on, also reaches the conversations already silent, page by page, but never one whose nudge would already be late', async () => {
    const recent = await conversation('2026-05-04T07:50:00Z');
    await reply(recent.id, '2026-05-04T08:00:00Z');
    const old = await conversation('2026-05-04T05:00:00Z');
    await reply(old.id, '2026-05-04T06:00:00Z');
    const closed = await conversation('2026-05-04T07:55:00Z');
    await as(ws.agent, '2026-05-04T08:10:00Z').conversations.setStatus({ conversationId: closed.id, change: { status: 'closed' } });
    const more = [];
    for (const minute of ['10', '12', '14', '16']) {
      const c = await conversation(`2026-05-04T08:${minute}:00Z`);
      await reply(c.id, `2026-05-04T08:${minute}:30Z`);
      more.push(c);
    }
    // Nothing is scheduled for them before it exists.
    const f = await create({ active: false }, '2026-05-04T08:20:00Z');
    await tick('2026-05-04T08:20:00Z');
    expect(await timeline(recent.id)).toEqual([]);
    await as(ws.admin, '2026-05-04T08:30:00Z').followups.update({ followupId: f.id, active: true });
    // The scan runs in the background, two conversations a page here: the next pages follow as jobs.
    const [job] = await database.db.select().from(jobs).where(and(eq(jobs.kind, 'followup.activated'), sql`${jobs.payload} ->> 'followupId' = ${f.id}`));
    await scanActivated(database.db, ActivationJob.parse(job!.payload), clockAt('2026-05-04T08:30:00Z'), new Effects(), 2);
    await database.db.update(jobs).set({ doneAt: new Date() }).where(eq(jobs.id, job!.id));
    await tick('2026-05-04T08:30:01Z');
    await tick('2026-05-04T08:30:02Z');
    expect(await timeline(recent.id)).toEqual([['scheduled', 'conditions_met', '2026-05-04T09:00:00.000Z']]);
    for (const [i, c] of more.entries()) expect(await timeline(c.id)).toEqual([['scheduled', 'conditions_met', `2026-05-04T09:${['10', '12', '14', '16'][i]}:30.000Z`]]);
    // Silent since 06:00: its nudge was due at 07:00, before the follow-up was on. Closed: not for it.
    expect(await timeline(old.id)).toEqual([]);
    expect(await timeline(closed.id)).toEqual([]);
    await tick('2026-05-04T09:00:05Z');
    expect(await followUpsSent(recent.id)).toEqual(['¿Seguimos, Lucía?']);
    expect(await followUpsSent(old.id)).toEqual([]);
  });
});
