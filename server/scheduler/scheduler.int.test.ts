import { and, count, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { contacts, jobs, messages } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { sendMessage } from '@/server/messages/send';
import { jobHandlers } from '@/server/app/jobs';
import { runDueJobs, type JobHandler } from './loop';
import { claimDueJobs, enqueueJob } from './queue';
import { Effects } from '@/server/effects/unit-of-work';
import { deliverDue } from '@/server/messages/testing';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

describe.each(testDatabaseKinds)('scheduler (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, 'sched');
  });
  afterAll(() => database.close());

  const at = (iso: string): Clock => ({ now: () => new Date(iso) });

  it('runs a due job exactly once with two loops working the same database', async () => {
    const runs: string[] = [];
    const handler: JobHandler = async (_db, payload) => {
      runs.push(String(payload.n));
    };
    const handlers = { 'message.release_scheduled': handler };
    for (let n = 0; n < 12; n++) await enqueueJob(database.db, { kind: 'message.release_scheduled', runAt: new Date('2026-01-01T00:00:00Z'), payload: { n } });
    const clock = at('2026-01-01T00:00:01Z');
    // Two "processes" claim concurrently, as often as they like.
    await Promise.all([runDueJobs(database.db, handlers, clock), runDueJobs(database.db, handlers, clock), runDueJobs(database.db, handlers, clock)]);
    await Promise.all([runDueJobs(database.db, handlers, clock), runDueJobs(database.db, handlers, clock)]);
    expect(runs.sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 12 }, (_, n) => String(n)));
    await database.db.delete(jobs);
  });

  it('gives way when its budget is spent and hands the jobs it did not reach back, due at once', async () => {
    for (let n = 0; n < 10; n++) await enqueueJob(database.db, { kind: 'message.release_scheduled', runAt: new Date('2026-03-01T00:00:00Z'), payload: { n } });
    // Each job takes 100 ms of the clock the loop is given.
    let t = new Date('2026-03-01T00:00:01Z').getTime();
    const clock: Clock = { now: () => new Date(t) };
    const runs: number[] = [];
    const handler: JobHandler = async (_db, payload) => {
      runs.push(Number(payload.n));
      t += 100;
    };
    const tick = await runDueJobs(database.db, { 'message.release_scheduled': handler }, clock, { batch: 10, budgetMs: 250 });
    expect(tick).toEqual({ ran: 3, more: true });
    expect(runs).toHaveLength(3);
    // The other seven are due again now, not leased for a minute, and their attempt is not counted.
    const back = await claimDueJobs(database.db, clock.now(), { limit: 20, leaseMs: 60_000 });
    expect(back.map((j) => j.attempts)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    await database.db.delete(jobs);
  });

  it('lets the event loop read sockets between two jobs', async () => {
    for (let n = 0; n < 3; n++) await enqueueJob(database.db, { kind: 'message.release_scheduled', runAt: new Date('2026-03-02T00:00:00Z'), payload: { n } });
    const order: string[] = [];
    // What a socket or an HTTP request gets: a callback on the loop's next turn.
    const handler: JobHandler = async (_db, payload) => {
      order.push(`job ${String(payload.n)}`);
      setImmediate(() => order.push(`io after job ${String(payload.n)}`));
    };
    await runDueJobs(database.db, { 'message.release_scheduled': handler }, at('2026-03-02T00:00:01Z'));
    expect(order.slice(0, 4)).toEqual(['job 0', 'io after job 0', 'job 1', 'io after job 1']);
    await database.db.delete(jobs);
  });

  it('does not run a job before it is due, and picks up a job whose claim died', async () => {
    await enqueueJob(database.db, { kind: 'message.release_scheduled', runAt: new Date('2026-02-01T10:00:00Z'), payload: { n: 'late' } });
    expect(await claimDueJobs(database.db, new Date('2026-02-01T09:59:59Z'), { limit: 10, leaseMs: 60_000 })).toHaveLength(0);
    // A process claims it and dies without finishing.
    expect(await claimDueJobs(database.db, new Date('2026-02-01T10:00:00Z'), { limit: 10, leaseMs: 60_000 })).toHaveLength(1);
    expect(await claimDueJobs(database.db, new Date('2026-02-01T10:00:30Z'), { limit: 10, leaseMs: 60_000 })).toHaveLength(0);
    // Once the lease runs out another process takes it, and finishes it.
    const runs: string[] = [];
    await runDueJobs(database.db, { 'message.release_scheduled': async (_db, p) => void runs.push(String(p.n)) }, at('2026-02-01T10:01:01Z'));
    expect(runs).toEqual(['late']);
    await runDueJobs(database.db, { 'message.release_scheduled': async (_db, p) => void runs.push(String(p.n)) }, at('2026-02-01T11:00:00Z'));
    expect(runs).toEqual(['late']);
    await database.db.delete(jobs);
  });

  it('holds a scheduled send until its time, then hands it over once; refuses up front what the window will refuse', async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Noche', timeZone: 'Europe/Madrid', identity: { channelId: ws.whatsapp.id, externalId: '3460000' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.whatsapp.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'hola', sentAt: new Date('2026-11-20T20:00:00Z') });
    const send = (scheduleAt: string, body = `para las ${scheduleAt}`) =>
      sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body }, scheduleAt }, at('2026-11-20T22:30:00Z'), fx);
    const early = await send('2026-11-21T07:00:00Z'); // 08:00 Madrid, inside the 24 h window
    expect(early.status).toBe('scheduled');
    // After the window closes (20:00 UTC) free text will not be delivered: refused now, nothing stored.
    await expect(send('2026-11-21T21:00:00Z', 'demasiado tarde')).rejects.toMatchObject({ code: 'TEMPLATE_REQUIRED' });
    expect(await database.db.select().from(messages).where(eq(messages.body, 'demasiado tarde'))).toEqual([]);

    await runDueJobs(database.db, jobHandlers, at('2026-11-21T06:59:00Z'));
    expect((await database.db.select().from(messages).where(eq(messages.id, early.id)))[0]!.status).toBe('scheduled');
    await runDueJobs(database.db, jobHandlers, at('2026-11-21T07:00:05Z'));
    await runDueJobs(database.db, jobHandlers, at('2026-11-21T07:30:00Z'));
    // Released into the outbox once; the delivery worker hands it over once.
    expect(await deliverDue(database.db, at('2026-11-21T07:30:00Z'))).toBe(1);
    expect(await deliverDue(database.db, at('2026-11-21T07:31:00Z'))).toBe(0);
    const [sent] = await database.db.select().from(messages).where(eq(messages.id, early.id));
    expect(sent).toMatchObject({ status: 'sent' });
    const [released] = await database.db.select({ n: count() }).from(jobs).where(and(eq(jobs.kind, 'message.release_scheduled'), isNotNull(jobs.doneAt)));
    expect(released!.n).toBe(1);
  });

  it('checks a scheduled send again when it falls due: a contact blocked meanwhile fails it with the reason', async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Luego', identity: { channelId: ws.sandbox.id, externalId: 'luego' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    const later = await sendMessage(
      database.db,
      ws.agent,
      { conversationId: c.id, message: { kind: 'free_form', body: 'mañana' }, scheduleAt: '2026-11-25T08:00:00Z' },
      at('2026-11-24T22:00:00Z'), fx,
    );
    await database.db.update(contacts).set({ blocked: true }).where(eq(contacts.id, contact.id));
    await runDueJobs(database.db, jobHandlers, at('2026-11-25T08:00:01Z'));
    const [failed] = await database.db.select().from(messages).where(eq(messages.id, later.id));
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'CONTACT_BLOCKED' });
  });
});
