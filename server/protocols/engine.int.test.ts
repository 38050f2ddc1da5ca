import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { breaches, contactIdentities, conversations, deadlines, escalationNotices, jobs, messages, notifications, protocolRuns, teamMembers, users } from '@/db/schema';
import { createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { recordContactEvent } from '@/server/contacts/service';
import { sendMessage } from '@/server/messages/send';
import { createCaller } from '@/server/router';
import { StatusChange } from '@/server/conversations/schemas';
import { jobHandlers } from '@/server/app/jobs';
import { runDueJobs } from '@/server/scheduler/loop';
import { recomputeForAssignee } from './service';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const at = (iso: string): Clock => ({ now: () => new Date(iso) });

describe.each(testDatabaseKinds)('protocol engine (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let n = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `eng${kind}`);
  });
  afterAll(() => database.close());

  /** A new contact writes through the real ingest pipeline at the provider's time `sentAt`. */
  async function newContactWrites(sentAt: string, assignTo?: string) {
    n += 1;
    const externalId = `+3460${kind}${n}`;
    await ingest(database.db, ws.sandbox, {
      messages: [{ providerMessageId: `eng-${kind}-${n}`, externalId, contactName: `Client ${n}`, contactPhone: null, body: 'Hola', sentAt: new Date(sentAt), echo: false }],
      updates: [],
    }, at(sentAt), fx);
    const [conversation] = await database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, (await database.db.select({ id: messages.conversationId }).from(messages).where(eq(messages.providerMessageId, `eng-${kind}-${n}`)))[0]!.id));
    if (assignTo) {
      await database.db.update(conversations).set({ assigneeId: assignTo }).where(eq(conversations.id, conversation!.id));
      await recomputeForAssignee(database.db, conversation!.id);
    }
    return conversation!;
  }
  const runAllDue = async (clock: Clock) => {
    for (let run = await runDueJobs(database.db, jobHandlers, clock); run.ran > 0 || run.more; run = await runDueJobs(database.db, jobHandlers, clock));
  };
  const stagesOf = async (conversationId: string) =>
    (await database.db.select().from(deadlines).where(eq(deadlines.conversationId, conversationId)).orderBy(deadlines.stageIndex)).map(
      (d) => `${d.stageName}:${d.status}`,
    );
  const reply = (conversationId: string, iso: string, body = 'Hola, soy Ana') =>
    sendMessage(database.db, ws.agent, { conversationId, message: { kind: 'free_form', body } }, at(iso), fx);

  it("starts First contact at the provider's time of a new contact's first message, on the business clock", async () => {
    // 20:30 Madrid on a Friday: the 2-hour stage is due 10:30 the next morning.
    const c = await newContactWrites('2026-11-20T19:30:00Z');
    const rows = await database.db.select().from(deadlines).where(eq(deadlines.conversationId, c.id)).orderBy(deadlines.stageIndex);
    expect(rows.map((d) => [d.stageName, d.dueAt.toISOString(), d.status])).toEqual([
      ['Primer mensaje', '2026-11-21T09:30:00.000Z', 'pending'],
      ['Segundo mensaje', '2026-11-21T19:30:00.000Z', 'pending'],
      ['Tercer mensaje', '2026-11-23T19:30:00.000Z', 'pending'],
    ]);
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(conv!.nextDueAt?.toISOString()).toBe('2026-11-21T09:30:00.000Z');
  });

  it('a reply by a person meets stage 1; the next stage needs a later message', async () => {
    const c = await newContactWrites('2026-11-20T09:00:00Z', ws.agent.id);
    await reply(c.id, '2026-11-20T09:30:00Z');
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:met', 'Segundo mensaje:pending', 'Tercer mensaje:pending']);
    await reply(c.id, '2026-11-20T10:00:00Z', 'second');
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:met', 'Segundo mensaje:met', 'Tercer mensaje:pending']);
  });

  it('the automatic message goes out at 15 minutes exactly once with two scheduler loops, and does not meet stage 1', async () => {
    const c = await newContactWrites('2026-11-20T09:00:00Z', ws.agent.id);
    await database.db.update(users).set({ autoMessage: 'Hola {{contact.first_name}}, soy {{agent.name}}: enseguida te escribo.' }).where(eq(users.id, ws.agent.id));
    const clock = at('2026-11-20T09:15:30Z');
    await Promise.all([runDueJobs(database.db, jobHandlers, clock), runDueJobs(database.db, jobHandlers, clock), runDueJobs(database.db, jobHandlers, clock)]);
    await runDueJobs(database.db, jobHandlers, at('2026-11-20T09:20:00Z'));
    const autos = await database.db.select().from(messages).where(and(eq(messages.conversationId, c.id), eq(messages.authorKind, 'auto_message')));
    expect(autos.map((m) => m.body)).toEqual([`Hola Client, soy agent: enseguida te escribo.`]);
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:pending', 'Segundo mensaje:pending', 'Tercer mensaje:pending']);
  });

  it("at night the automatic message is the agent's out-of-hours text, saying when the team is back", async () => {
    await createCaller({ db: database.db, clock: at('2026-11-18T10:00:00Z'), user: ws.otherAgent }).profile.setAutoMessage({ autoMessage: 'Hola {{contact.first_name}}, enseguida te escribo.', outOfHoursMessage: null });
    const c = await newContactWrites('2026-11-18T19:50:00Z', ws.otherAgent.id); // Wednesday 20:50 Madrid
    await runAllDue(at('2026-11-18T20:05:30Z')); // 21:05 Madrid: the business clock is stopped
    const bodies = async (id: string) =>
      (await database.db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.authorKind, 'auto_message')))).map((m) => m.body);
    expect(await bodies(c.id)).toEqual([`Hola Client, soy ${ws.otherAgent.name}. He recibido tu mensaje; ahora estamos fuera de horario y volvemos a las 09:00. Te escribo entonces.`]);
    // Their own night text, with the time they are back; by day their daytime text.
    await createCaller({ db: database.db, clock: at('2026-11-18T10:00:00Z'), user: ws.otherAgent }).profile.setAutoMessage({ autoMessage: 'Hola {{contact.first_name}}, enseguida te escribo.', outOfHoursMessage: 'Buenas noches {{contact.first_name}}: volvemos a las {{team.back_at}}.' });
    const night = await newContactWrites('2026-11-18T22:00:00Z', ws.otherAgent.id);
    await runAllDue(at('2026-11-18T22:15:30Z'));
    expect(await bodies(night.id)).toEqual(['Buenas noches Client: volvemos a las 09:00.']);
    const day = await newContactWrites('2026-11-19T10:00:00Z', ws.otherAgent.id);
    await runAllDue(at('2026-11-19T10:15:30Z'));
    expect(await bodies(day.id)).toEqual(['Hola Client, enseguida te escribo.']);
    // A placeholder that cannot be filled is refused, naming the field, and nothing is written.
    await expect(
      createCaller({ db: database.db, clock: at('2026-11-19T10:00:00Z'), user: ws.otherAgent }).profile.setAutoMessage({ autoMessage: null, outOfHoursMessage: 'Vuelvo {{session.start}}' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('outOfHoursMessage: unknown placeholder {{session.start}}') });
    expect((await createCaller({ db: database.db, clock: at('2026-11-19T10:00:00Z'), user: ws.otherAgent }).profile.get()).outOfHoursMessage).toBe('Buenas noches {{contact.first_name}}: volvemos a las {{team.back_at}}.');
  });

  it('breaches a stage at its deadline exactly once against the agent assigned then; a late reply is met late, the breach stands', async () => {
    const c = await newContactWrites('2026-11-23T09:00:00Z', ws.otherAgent.id); // Monday 10:00 Madrid, due 12:00 Madrid
    const due = at('2026-11-23T11:00:01Z');
    await Promise.all([runDueJobs(database.db, jobHandlers, due), runDueJobs(database.db, jobHandlers, due)]);
    await runDueJobs(database.db, jobHandlers, at('2026-11-23T11:05:00Z'));
    expect((await stagesOf(c.id))[0]).toBe('Primer mensaje:breached');
    const rows = await database.db.select().from(breaches).where(eq(breaches.conversationId, c.id));
    expect(rows.map((b) => [b.agentId, b.occurredAt.toISOString()])).toEqual([[ws.otherAgent.id, '2026-11-23T11:00:00.000Z']]);
    await reply(c.id, '2026-11-23T11:30:00Z');
    expect((await stagesOf(c.id))[0]).toBe('Primer mensaje:met_late');
    expect(await database.db.select({ n: count() }).from(breaches).where(eq(breaches.conversationId, c.id))).toEqual([{ n: 1 }]);
  });

  it('a booking cancels what is pending and stops the run', async () => {
    const c = await newContactWrites('2026-11-24T09:00:00Z', ws.agent.id);
    await reply(c.id, '2026-11-24T09:10:00Z');
    await recordContactEvent(database.db, ws.admin, c.contactId, { type: 'session.booked', occurredAt: '2026-11-24T09:20:00Z', properties: {} }, new Date('2026-11-24T09:20:00Z'), fx);
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:met', 'Segundo mensaje:cancelled', 'Tercer mensaje:cancelled']);
    const [run] = await database.db.select().from(protocolRuns).where(eq(protocolRuns.conversationId, c.id));
    expect(run!.stopReason).toBe('session.booked');
    // Nothing breaches later.
    await runDueJobs(database.db, jobHandlers, at('2026-11-28T00:00:00Z'));
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:met', 'Segundo mensaje:cancelled', 'Tercer mensaje:cancelled']);
  });

  it('closing cancels what is pending (reason closed) and its jobs; nothing breaches later, reopening revives nothing', async () => {
    const c = await newContactWrites('2026-11-26T09:00:00Z', ws.agent.id); // Thursday 10:00 Madrid, stage 1 due 12:00
    await reply(c.id, '2026-11-26T09:10:00Z');
    const caller = createCaller({ db: database.db, clock: at('2026-11-26T09:20:00Z'), user: ws.agent });
    await caller.conversations.setStatus({ conversationId: c.id, change: { status: 'closed' } });
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:met', 'Segundo mensaje:cancelled', 'Tercer mensaje:cancelled']);
    const [run] = await database.db.select().from(protocolRuns).where(eq(protocolRuns.conversationId, c.id));
    expect(run).toMatchObject({ stopReason: 'closed', stoppedAt: new Date('2026-11-26T09:20:00Z') });
    const ids = (await database.db.select({ id: deadlines.id }).from(deadlines).where(eq(deadlines.conversationId, c.id))).map((d) => d.id);
    const queued = await database.db.select().from(jobs).where(and(inArray(jobs.kind, ['deadline.warn', 'deadline.due']), isNull(jobs.doneAt)));
    expect(queued.filter((j) => ids.includes(j.payload.deadlineId as string))).toEqual([]);
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(conv!.nextDueAt).toBeNull();

    await createCaller({ db: database.db, clock: at('2026-11-26T10:00:00Z'), user: ws.agent }).conversations.setStatus({ conversationId: c.id, change: { status: 'open' } });
    // Far past every deadline: the second (24 h) and third (72 h) stages would have breached.
    await runAllDue(at('2026-11-30T12:00:00Z'));
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:met', 'Segundo mensaje:cancelled', 'Tercer mensaje:cancelled']);
    expect(await database.db.select().from(breaches).where(eq(breaches.conversationId, c.id))).toEqual([]);
  });

  it('closing before anyone wrote cancels the automatic message too; a new message from the contact starts nothing again', async () => {
    const c = await newContactWrites('2026-11-27T09:00:00Z', ws.agent.id);
    await createCaller({ db: database.db, clock: at('2026-11-27T09:05:00Z'), user: ws.agent }).conversations.setStatus({ conversationId: c.id, change: { status: 'closed' } });
    await runAllDue(at('2026-11-27T09:30:00Z'));
    expect(await database.db.select().from(messages).where(and(eq(messages.conversationId, c.id), eq(messages.authorKind, 'auto_message')))).toEqual([]);
    // The same contact writes again: the conversation reopens; First contact is for a new contact only (SPEC §4).
    const [identity] = await database.db.select().from(contactIdentities).where(eq(contactIdentities.contactId, c.contactId));
    await ingest(database.db, ws.sandbox, {
      messages: [{ providerMessageId: `eng-${kind}-again-${c.id}`, externalId: identity!.externalId, contactName: 'Client', contactPhone: null, body: 'Sigo aquí', sentAt: new Date('2026-11-27T10:00:00Z'), echo: false }],
      updates: [],
    }, at('2026-11-27T10:00:00Z'), fx);
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(conv!.status).toBe('open');
    expect(await stagesOf(c.id)).toEqual(['Primer mensaje:cancelled', 'Segundo mensaje:cancelled', 'Tercer mensaje:cancelled']);
    await runAllDue(at('2026-11-30T12:00:00Z'));
    expect(await database.db.select().from(breaches).where(eq(breaches.conversationId, c.id))).toEqual([]);
  });

  it('a snooze past a pending required deadline asks first, naming the stage and its due time; REST callers are not asked', async () => {
    const c = await newContactWrites('2026-11-30T09:00:00Z', ws.agent.id); // Monday 10:00 Madrid
    await reply(c.id, '2026-11-30T09:10:00Z'); // stage 1 met; "Segundo mensaje" due Tuesday 09:00 UTC
    const caller = createCaller({ db: database.db, clock: at('2026-11-30T15:00:00Z'), user: ws.agent });
    // Until tomorrow 09:00 Madrid (08:00 UTC): it wakes before the second stage falls due.
    await expect(caller.conversations.snooze({ conversationId: c.id, preset: 'tomorrow' })).resolves.toMatchObject({ status: 'snoozed' });
    await caller.conversations.setStatus({ conversationId: c.id, change: { status: 'open' } });
    const refused = await caller.conversations.snooze({ conversationId: c.id, preset: 'next_week' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT', cause: { code: 'SNOOZE_PAST_DEADLINE', details: { reason: 'snooze_past_deadline', stage: 'Segundo mensaje', dueAt: '2026-12-01T09:00:00.000Z', until: '2026-12-07T08:00:00.000Z' } } });
    // Refused: nothing written, no wake queued.
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(conv).toMatchObject({ status: 'open', snoozedUntil: null });
    const wakes = await database.db.select().from(jobs).where(and(eq(jobs.kind, 'conversation.wake'), isNull(jobs.doneAt)));
    expect(wakes.filter((j) => j.payload.conversationId === c.id && (j.runAt as Date).toISOString() === '2026-12-07T08:00:00.000Z')).toEqual([]);
    await expect(caller.conversations.snooze({ conversationId: c.id, preset: 'next_week', pastDeadline: 'snooze_anyway' })).resolves.toMatchObject({ status: 'snoozed', snoozedUntil: '2026-12-07T08:00:00.000Z' });
    // The REST body (and tRPC setStatus) without pastDeadline snoozes as it always did.
    await caller.conversations.setStatus({ conversationId: c.id, change: { status: 'open' } });
    const restBody = StatusChange.parse({ status: 'snoozed', until: '2026-12-05T09:00:00Z' });
    await expect(caller.conversations.setStatus({ conversationId: c.id, change: restBody })).resolves.toMatchObject({ status: 'snoozed' });
    await caller.conversations.setStatus({ conversationId: c.id, change: { status: 'open' } });
    await expect(caller.conversations.setStatus({ conversationId: c.id, change: { status: 'snoozed', until: '2026-12-05T09:00:00Z', pastDeadline: 'ask' } })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('session.paid starts Booking confirmation on the business clock', async () => {
    const c = await newContactWrites('2026-11-25T09:00:00Z', ws.agent.id);
    await recordContactEvent(database.db, ws.admin, c.contactId, { type: 'session.paid', occurredAt: '2026-11-25T19:45:00Z', properties: {} }, new Date('2026-11-25T19:45:00Z'), fx);
    const rows = await database.db.select().from(deadlines).where(and(eq(deadlines.conversationId, c.id), eq(deadlines.protocolName, 'Confirmación de reserva')));
    // 20:45 Madrid + 2 business hours: 15 minutes tonight, 1 h 45 from 09:00 → 10:45 Madrid.
    expect(rows.map((d) => d.dueAt.toISOString())).toEqual(['2026-11-26T09:45:00.000Z']);
  });

  it("moves pending business deadlines to the new assignee's zone", async () => {
    const c = await newContactWrites('2026-11-20T19:30:00Z'); // unassigned: Madrid, due 10:30 Madrid
    await database.db.update(users).set({ timeZone: 'America/Mexico_City' }).where(eq(users.id, ws.otherAgent.id));
    await database.db.update(conversations).set({ assigneeId: ws.otherAgent.id }).where(eq(conversations.id, c.id));
    await recomputeForAssignee(database.db, c.id);
    const [first] = await database.db.select().from(deadlines).where(and(eq(deadlines.conversationId, c.id), eq(deadlines.stageIndex, 0)));
    // 13:30 in Mexico City is inside business hours: due 15:30 there = 21:30 UTC.
    expect(first).toMatchObject({ zone: 'America/Mexico_City' });
    expect(first!.dueAt.toISOString()).toBe('2026-11-20T21:30:00.000Z');
    await database.db.update(users).set({ timeZone: 'Europe/Madrid' }).where(eq(users.id, ws.otherAgent.id));
  });

  it('escalates at the second breach in 15 days with a notice; an excused breach stops counting', async () => {
    const x = await createUser(database.db, { workspaceId: ws.workspace.id, email: `x-${kind}@eng.test`, name: 'Xavi', role: 'agent' });
    // In the team the supervisor leads: they see Xavi and may excuse his breaches.
    await database.db.insert(teamMembers).values({ teamId: ws.team.id, userId: x.id });
    const xSession = { id: x.id, workspaceId: x.workspaceId, role: x.role, name: x.name, email: x.email, timeZone: x.timeZone, locale: x.locale };
    const lead = createCaller({ db: database.db, clock: at('2026-12-01T14:00:00Z'), user: ws.supervisor });
    const xCaller = createCaller({ db: database.db, clock: at('2026-12-01T14:00:00Z'), user: xSession });
    // Two first-message deadlines missed on one Tuesday (10:00 → 12:00 and 12:30 → 14:30 Madrid).
    const first = await newContactWrites('2026-12-01T09:00:00Z', x.id);
    // Every job due by then, however many earlier tests left (a run claims at most 20).
    await runAllDue(at('2026-12-01T11:00:01Z'));
    expect(await database.db.select().from(escalationNotices).where(eq(escalationNotices.agentId, x.id))).toEqual([]);
    const second = await newContactWrites('2026-12-01T11:30:00Z', x.id);
    await runAllDue(at('2026-12-01T13:30:01Z'));
    const notices = await database.db.select().from(escalationNotices).where(eq(escalationNotices.agentId, x.id));
    expect(notices.map((n) => [n.level, n.breachCount, n.windowDays])).toEqual([[1, 2, 15]]);
    expect((await xCaller.protocols.notices()).map((n) => n.level)).toEqual([1]);
    await xCaller.protocols.acknowledge({ noticeId: notices[0]!.id });
    expect((await xCaller.protocols.notices())[0]!.acknowledgedAt).not.toBeNull();

    const row = (await lead.team.overview()).find((r) => r.agentId === x.id)!;
    expect(row).toMatchObject({ level: 1, open: 2, overdue: 2 });
    expect(row.breaches).toEqual([{ days: 15, count: 2 }, { days: 21, count: 2 }, { days: 30, count: 2 }]);

    const [breach] = await database.db.select().from(breaches).where(eq(breaches.conversationId, second.id));
    await expect(xCaller.protocols.excuse({ breachId: breach!.id, reason: 'no reason' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await lead.protocols.excuse({ breachId: breach!.id, reason: 'The client wrote from a number we could not reach' });
    const after = (await lead.team.overview()).find((r) => r.agentId === x.id)!;
    expect(after.level).toBe(0);
    expect(after.breaches[0]).toEqual({ days: 15, count: 1 });
    const listed = await lead.team.breaches({ agentId: x.id });
    expect(listed.find((b) => b.id === breach!.id)).toMatchObject({ excusedBy: 'supervisor', excuseReason: 'The client wrote from a number we could not reach' });
    expect(listed.map((b) => b.conversationId).sort()).toEqual([first.id, second.id].sort());
    await expect(xCaller.team.overview()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('one notice per level while unread, the agent told in the second person, newest first; the breach list names and links the conversation', async () => {
    const y = await createUser(database.db, { workspaceId: ws.workspace.id, email: `y-${kind}@eng.test`, name: 'Yolanda', role: 'agent' });
    await database.db.insert(teamMembers).values({ teamId: ws.team.id, userId: y.id });
    const ySession = { id: y.id, workspaceId: y.workspaceId, role: y.role, name: y.name, email: y.email, timeZone: y.timeZone, locale: y.locale };
    const clock = at('2026-12-03T14:00:00Z');
    const yCaller = createCaller({ db: database.db, clock, user: ySession });
    const lead = createCaller({ db: database.db, clock, user: ws.supervisor });
    // Five first messages missed on one Thursday: levels 1, 2, 3 at the 2nd, 3rd and 4th breach; the 5th is no news.
    const convs: { id: string }[] = [];
    for (const minute of ['00', '05', '10', '15', '20']) convs.push(await newContactWrites(`2026-12-03T09:${minute}:00Z`, y.id));
    await runAllDue(at('2026-12-03T11:30:00Z'));
    expect((await database.db.select().from(breaches).where(eq(breaches.agentId, y.id))).length).toBe(5);
    const listed = await yCaller.protocols.notices();
    expect(listed.map((n) => n.level)).toEqual([3, 2, 1]);
    const told = await database.db.select().from(notifications).where(and(eq(notifications.kind, 'escalation'), inArray(notifications.userId, [y.id, ws.supervisor.id])));
    const toAgent = told.filter((n) => n.userId === y.id);
    expect(toAgent.map((n) => n.data.level).sort()).toEqual([1, 2, 3]);
    expect(toAgent.every((n) => n.data.yours === true)).toBe(true);
    const toLead = told.filter((n) => n.userId === ws.supervisor.id && n.data.agentName === 'Yolanda');
    expect(toLead.map((n) => n.data.level).sort()).toEqual([1, 2, 3]);
    expect(toLead.some((n) => n.data.yours)).toBe(false);
    // Acknowledging the current level settles the older ones: no banner per level.
    await yCaller.protocols.acknowledge({ noticeId: listed[0]!.id });
    expect((await yCaller.protocols.notices()).every((n) => n.acknowledgedAt !== null)).toBe(true);

    // A closed conversation's breach still links to it, with the status that lists it.
    await yCaller.conversations.setStatus({ conversationId: convs[0]!.id, change: { status: 'closed' } });
    const breachRows = await lead.team.breaches({ agentId: y.id });
    const ofClosed = breachRows.find((b) => b.conversationId === convs[0]!.id);
    expect(ofClosed).toMatchObject({ conversationStatus: 'closed', contactName: expect.stringMatching(/^Client \d+$/), channelName: ws.sandbox.name, stage: 'Primer mensaje' });
    expect(breachRows.find((b) => b.conversationId === convs[1]!.id)).toMatchObject({ conversationStatus: 'open' });
  });

  it('starts Re-engagement after 14 days with neither a message nor a booking, once per silence', async () => {
    const c = await newContactWrites('2026-10-01T09:00:00Z', ws.agent.id);
    await reply(c.id, '2026-10-01T09:10:00Z');
    await runDueJobs(database.db, jobHandlers, at('2026-10-10T00:00:00Z'));
    const runsOf = async () =>
      (await database.db.select().from(deadlines).where(and(eq(deadlines.conversationId, c.id), eq(deadlines.protocolName, 'Reactivación')))).length;
    const { ensureSweep } = await import('./jobs');
    await ensureSweep(database.db, new Date('2026-10-16T00:00:00Z'));
    await runDueJobs(database.db, jobHandlers, at('2026-10-16T00:00:00Z'));
    expect(await runsOf()).toBe(1);
    await runDueJobs(database.db, jobHandlers, at('2026-10-16T00:02:00Z'));
    expect(await runsOf()).toBe(1);
  });
});
