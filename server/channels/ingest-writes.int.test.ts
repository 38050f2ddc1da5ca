import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { breaches, contactIdentities, contacts, conversations, deadlines, jobs, messages, protocolRuns, protocols } from '@/db/schema';
import { createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import { startRun } from '@/server/protocols/service';
import { metaSignature } from './signature';
import { receiveWebhook } from './webhook';

/*
 * What one inbound message costs in statements, counted through the database's logger: a new
 * contact's first message and a known contact's next one are each the channel's read, the locks,
 * the read under them and one write (issue 14: bench:ingest). The rows they write must be what
 * the statement-by-statement path wrote: First contact as `startRun` starts it, exactly once, and
 * nothing at all when the transaction fails.
 */
const encoder = new TextEncoder();
const NOW = new Date('2026-11-20T10:05:00Z');

describe.each(testDatabaseKinds)('ingest writes (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind, { logger: { logQuery: (query) => statements.push(query) } });
    ws = await createTestWorkspace(database.db, 'iw');
  });
  afterAll(() => database.close());
  beforeEach(() => {
    statements.length = 0;
  });

  const deliver = async (id: string, from: string, opts: { text?: string; at?: string; now?: Date } = {}) => {
    const body = JSON.stringify({ id, from: { id: from, name: `Cliente ${from}` }, text: opts.text ?? 'Hola', timestamp: opts.at ?? '2026-11-20T10:00:00Z' });
    const rawBody = encoder.encode(body);
    const headers = new Headers({ 'x-hub-signature-256': metaSignature(rawBody, 'iw-secret') });
    const now = opts.now ?? NOW;
    return withEffects(database.db, (fx) =>
      receiveWebhook(database.db, { provider: 'sandbox', publicId: ws.sandbox.publicId, rawBody, headers, url: 'http://test/api/webhooks/sandbox' }, { now: () => now }, fx),
    );
  };
  const conversationOf = async (externalId: string) => {
    const [row] = await database.db
      .select({ conversation: conversations })
      .from(conversations)
      .innerJoin(contactIdentities, and(eq(contactIdentities.contactId, conversations.contactId), eq(contactIdentities.channelId, conversations.channelId)))
      .where(eq(contactIdentities.externalId, externalId));
    return row!.conversation;
  };
  const rowsOf = async (conversationId: string) => {
    const ds = await database.db.select().from(deadlines).where(eq(deadlines.conversationId, conversationId)).orderBy(asc(deadlines.stageIndex));
    const [run] = await database.db.select().from(protocolRuns).where(eq(protocolRuns.conversationId, conversationId));
    const js = await database.db
      .select({ kind: jobs.kind, runAt: jobs.runAt })
      .from(jobs)
      .where(sql`${jobs.payload}->>'runId' = ${run!.id} or ${jobs.payload}->>'deadlineId' in (${sql.join(ds.map((d) => sql`${d.id}`), sql`, `)})`)
      .orderBy(asc(jobs.runAt), asc(jobs.kind));
    const bs = await database.db.select({ agentId: breaches.agentId, occurredAt: breaches.occurredAt }).from(breaches).where(eq(breaches.conversationId, conversationId));
    return {
      deadlines: ds.map((d) => ({ stageIndex: d.stageIndex, stageName: d.stageName, zone: d.zone, startedAt: d.startedAt, dueAt: d.dueAt, status: d.status })),
      jobs: js,
      breaches: bs,
    };
  };
  /** What `startRun` writes for the same protocols on a fresh unassigned conversation, as the reference. */
  const referenceRun = async (startedAt: Date, now: Date) => {
    const contact = await database.db.insert(contacts).values({ workspaceId: ws.workspace.id, name: 'Reference' }).returning();
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact[0]!.id, lastMessageAt: startedAt });
    const first = await database.db.select().from(protocols).where(and(eq(protocols.workspaceId, ws.workspace.id), eq(protocols.trigger, 'first_inbound'), eq(protocols.active, true)));
    for (const p of first) await startRun(database.db, p, c.id, startedAt, now);
    const [after] = await database.db.select({ nextDueAt: conversations.nextDueAt }).from(conversations).where(eq(conversations.id, c.id));
    return { ...(await rowsOf(c.id)), nextDueAt: after!.nextDueAt };
  };

  it("writes a new contact's first message in four statements, with First contact as startRun starts it", async () => {
    expect(await deliver('iw-new-1', 'ext-1')).toEqual({ stored: 1, duplicates: 0, updated: 0 });
    expect(statements).toHaveLength(4);

    const conversation = await conversationOf('ext-1');
    expect(conversation).toMatchObject({ status: 'open', assigneeId: null, lastMessagePreview: 'Hola' });
    expect(conversation.lastInboundAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(conversation.waitingSince?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(conversation.lastInboundArrivedAt?.toISOString()).toBe(NOW.toISOString());
    const reference = await referenceRun(new Date('2026-11-20T10:00:00Z'), NOW);
    const ours = await rowsOf(conversation.id);
    expect(ours).toEqual({ deadlines: reference.deadlines, jobs: reference.jobs, breaches: reference.breaches });
    expect(ours.jobs).toHaveLength(7);
    expect(conversation.nextDueAt).toEqual(reference.nextDueAt);
    // The conversation's search trigger read the contact written in the same statement.
    const [found] = await database.db
      .select({ n: count() })
      .from(conversations)
      .where(and(eq(conversations.id, conversation.id), sql`${conversations.searchVector} @@ to_tsquery('simple', 'cliente:A & hola')`));
    expect(found!.n).toBe(1);
  });

  it("writes a known contact's message in four statements, moving its conversation", async () => {
    await deliver('iw-known-1', 'ext-2');
    const before = await conversationOf('ext-2');
    statements.length = 0;
    expect(await deliver('iw-known-2', 'ext-2', { text: 'Otra cosa', at: '2026-11-20T10:03:00Z' })).toMatchObject({ stored: 1 });
    expect(statements).toHaveLength(4);
    const after = await conversationOf('ext-2');
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ lastMessagePreview: 'Otra cosa', status: 'open' });
    expect(after.lastInboundAt?.toISOString()).toBe('2026-11-20T10:03:00.000Z');
    expect(after.waitingSince?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime() - 1);
  });

  it('a late webhook starts First contact with its passed stages breached, against no one, as startRun does', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    await deliver('iw-late-1', 'ext-3', { at: '2026-11-20T10:00:00Z', now });
    const conversation = await conversationOf('ext-3');
    const ours = await rowsOf(conversation.id);
    const reference = await referenceRun(new Date('2026-11-20T10:00:00Z'), now);
    expect(ours.breaches.length).toBeGreaterThan(0);
    expect(ours.breaches.every((b) => b.agentId === null)).toBe(true);
    expect(ours).toEqual({ deadlines: reference.deadlines, jobs: reference.jobs, breaches: reference.breaches });
    expect(conversation.nextDueAt).toEqual(reference.nextDueAt);
  });

  const countsOf = async (externalId: string) => {
    const [c] = await database.db.select({ n: count() }).from(contactIdentities).where(eq(contactIdentities.externalId, externalId));
    const [conv] = await database.db
      .select({ n: count() })
      .from(conversations)
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, conversations.contactId))
      .where(eq(contactIdentities.externalId, externalId));
    const [m] = await database.db
      .select({ n: count() })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, conversations.contactId))
      .where(eq(contactIdentities.externalId, externalId));
    const [r] = await database.db
      .select({ n: count() })
      .from(protocolRuns)
      .innerJoin(conversations, eq(conversations.id, protocolRuns.conversationId))
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, conversations.contactId))
      .where(eq(contactIdentities.externalId, externalId));
    return { identities: c!.n, conversations: conv!.n, messages: m!.n, runs: r!.n };
  };

  it('stores a redelivered message once, also when both deliveries race, in three statements for the repeat', async () => {
    const [a, b] = await Promise.all([deliver('iw-dup-1', 'ext-4'), deliver('iw-dup-1', 'ext-4')]);
    expect([a.stored + b.stored, a.duplicates + b.duplicates]).toEqual([1, 1]);
    statements.length = 0;
    expect(await deliver('iw-dup-1', 'ext-4')).toMatchObject({ stored: 0, duplicates: 1 });
    expect(statements).toHaveLength(3);
    expect(await countsOf('ext-4')).toEqual({ identities: 1, conversations: 1, messages: 1, runs: 1 });
  });

  // On PostgreSQL the second waits for the first's lock and then finds the identity it wrote: its read is done again under that contact's attribution lock.
  it('two first messages of one new contact racing make one contact, one conversation and one First contact', async () => {
    await Promise.all([deliver('iw-race-1', 'ext-5'), deliver('iw-race-2', 'ext-5', { at: '2026-11-20T10:00:01Z' })]);
    expect(await countsOf('ext-5')).toEqual({ identities: 1, conversations: 1, messages: 2, runs: 1 });
  });

  it('a failure in the one write leaves nothing of the message, and its redelivery then stores it all', async () => {
    // A real refusal from the database, late in the statement: First contact's deadlines.
    await database.db.execute(sql`create function iw_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`);
    await database.db.execute(sql`create trigger iw_refuse before insert on deadlines for each row execute function iw_refuse()`);
    try {
      expect(await deliver('iw-fail-1', 'ext-6')).toMatchObject({ stored: 0, deadLettered: 1 });
      expect(await countsOf('ext-6')).toEqual({ identities: 0, conversations: 0, messages: 0, runs: 0 });
    } finally {
      await database.db.execute(sql`drop trigger iw_refuse on deadlines`);
      await database.db.execute(sql`drop function iw_refuse()`);
    }
    expect(await deliver('iw-fail-1', 'ext-6')).toMatchObject({ stored: 1 });
    expect(await countsOf('ext-6')).toEqual({ identities: 1, conversations: 1, messages: 1, runs: 1 });
  });
});
