import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations, messages } from '@/db/schema';
import { createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { sendAutomated } from '@/server/messages/send';
import { createCaller } from '@/server/router';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const at = (iso: string): Clock => ({ now: () => new Date(iso) });

/** SPEC §2's third order, "oldest waiting": who has waited longest for a person's reply. */
describe.each(testDatabaseKinds)('oldest waiting (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let n = 0;
  // Closed unanswered, then written to again: the one case the backfill cannot know (closing leaves no message).
  let closedOnce = '';
  const as = (user: TestWorkspace['agent'], iso = '2026-11-21T12:00:00Z') => createCaller({ db: database.db, clock: at(iso), user });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `waiting${kind}`);
  });
  afterAll(() => database.close());

  async function conversation(teamId: string | null = null) {
    n += 1;
    const externalId = `wait-${kind}-${n}`;
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: `Waiting ${n}`, phone: null, identity: { channelId: ws.sandbox.id, externalId } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId });
    return { ...c, externalId };
  }
  const writes = (c: { externalId: string }, iso: string) =>
    ingest(database.db, ws.sandbox, { messages: [{ providerMessageId: `w-${Math.random()}`, externalId: c.externalId, contactName: null, contactPhone: null, body: 'sigo esperando', sentAt: new Date(iso), echo: false }], updates: [] }, at(iso), fx);
  const waitingSince = async (id: string) => (await database.db.select().from(conversations).where(eq(conversations.id, id)))[0]!.waitingSince?.toISOString() ?? null;

  it('waits from the first unanswered message; an automation does not answer, a person does', async () => {
    const c = await conversation();
    await writes(c, '2026-11-21T09:00:00Z');
    await writes(c, '2026-11-21T09:30:00Z');
    expect(await waitingSince(c.id)).toBe('2026-11-21T09:00:00.000Z');
    const auto = await sendAutomated(database.db, { conversationId: c.id, body: 'Enseguida te atendemos', authorKind: 'auto_message' }, at('2026-11-21T10:00:00Z'), fx);
    expect(auto.outcome).toBe('sent');
    expect(await waitingSince(c.id)).toBe('2026-11-21T09:00:00.000Z');
    await as(ws.agent).messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Hola, dime' } });
    expect(await waitingSince(c.id)).toBeNull();
    await writes(c, '2026-11-21T13:00:00Z');
    expect(await waitingSince(c.id)).toBe('2026-11-21T13:00:00.000Z');
  });

  it("webhooks out of order: an earlier message moves the wait back, our late echo does not end a newer wait", async () => {
    const c = await conversation();
    await writes(c, '2026-11-21T09:10:00Z');
    await writes(c, '2026-11-21T09:05:00Z');
    expect(await waitingSince(c.id)).toBe('2026-11-21T09:05:00.000Z');
    // A copy of a reply written at 09:00 in the provider's own app arrives now: the contact wrote after it.
    const echo = { providerMessageId: `echo-${Math.random()}`, externalId: c.externalId, contactName: null, contactPhone: null, body: 'Hola', sentAt: new Date('2026-11-21T09:00:00Z'), echo: true };
    await ingest(database.db, ws.sandbox, { messages: [echo], updates: [] }, at('2026-11-21T09:11:00Z'), fx);
    expect(await waitingSince(c.id)).toBe('2026-11-21T09:05:00.000Z');
    // A copy of a reply written after the contact's messages ends the wait.
    await ingest(database.db, ws.sandbox, { messages: [{ ...echo, providerMessageId: `echo-${Math.random()}`, sentAt: new Date('2026-11-21T09:20:00Z') }], updates: [] }, at('2026-11-21T09:21:00Z'), fx);
    expect(await waitingSince(c.id)).toBeNull();
  });

  it('a scheduled reply the channel refused at its time answered nobody', async () => {
    const c = await conversation();
    await writes(c, '2026-11-21T09:00:00Z');
    // What releaseScheduled leaves when the window closed meanwhile: the message failed, the conversation untouched.
    await database.db.insert(messages).values({ workspaceId: ws.workspace.id, conversationId: c.id, channelId: ws.sandbox.id, direction: 'outbound', authorKind: 'agent', authorId: ws.agent.id, body: 'Luego te escribo', status: 'failed', errorCode: 'WINDOW_CLOSED', sentAt: new Date('2026-11-21T10:00:00Z') });
    expect(await waitingSince(c.id)).toBe('2026-11-21T09:00:00.000Z');
  });

  it('closing stops the wait; the contact writing again starts a new one', async () => {
    const c = await conversation();
    await writes(c, '2026-11-21T08:00:00Z');
    closedOnce = c.id;
    const closed = await as(ws.agent).conversations.setStatus({ conversationId: c.id, change: { status: 'closed' } });
    expect(closed.waitingSince).toBeNull();
    await writes(c, '2026-11-21T14:00:00Z');
    expect(await waitingSince(c.id)).toBe('2026-11-21T14:00:00.000Z');
  });

  it('lists the longest waiting first, answered ones last by newest activity, across pages', async () => {
    const team = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Waiting ${kind}`, visibility: 'shared' }, [], [ws.supervisor.id]);
    const [early, late, answered, middle] = [await conversation(team.id), await conversation(team.id), await conversation(team.id), await conversation(team.id)];
    await writes(early!, '2026-11-21T06:00:00Z');
    await writes(late!, '2026-11-21T10:00:00Z');
    await writes(answered!, '2026-11-21T05:00:00Z');
    await as(ws.supervisor, '2026-11-21T05:30:00Z').messages.send({ conversationId: answered!.id, message: { kind: 'free_form', body: 'Respondido' } });
    await writes(middle!, '2026-11-21T08:00:00Z');
    const seen: { id: string; waitingSince: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string; waitingSince: string | null }[]; nextCursor: string | null } = await as(ws.supervisor).conversations.list({ tab: 'all', status: 'open', teamId: team.id, sort: 'waiting', limit: 1, cursor });
      seen.push(...page.data.map(({ id, waitingSince }) => ({ id, waitingSince })));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id)).toEqual([early!.id, middle!.id, late!.id, answered!.id]);
    expect(seen.map((s) => s.waitingSince)).toEqual(['2026-11-21T06:00:00.000Z', '2026-11-21T08:00:00.000Z', '2026-11-21T10:00:00.000Z', null]);
  });


  it("refuses a cursor cut for another sort order, naming the cursor", async () => {
    const page = await as(ws.supervisor).conversations.list({ tab: 'all', status: 'open', sort: 'urgent', limit: 1 });
    const waiting = await as(ws.supervisor).conversations.list({ tab: 'all', status: 'open', sort: 'waiting', limit: 1 });
    const newest = await as(ws.supervisor).conversations.list({ tab: 'all', status: 'open', sort: 'newest', limit: 1 });
    for (const [cursor, sort] of [[page.nextCursor, 'waiting'], [waiting.nextCursor, 'urgent'], [newest.nextCursor, 'urgent'], [page.nextCursor, 'newest']] as const) {
      await expect(as(ws.supervisor).conversations.list({ tab: 'all', status: 'open', sort, limit: 1, cursor })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/cursor/) });
    }
    await expect(as(ws.supervisor).conversations.list({ tab: 'all', status: 'open', sort: 'waiting', limit: 1, cursor: waiting.nextCursor })).resolves.toBeDefined();
  });

  it("the migration's backfill of existing conversations agrees with the live rule", async () => {
    const live = async () =>
      (await database.db.select({ id: conversations.id, since: conversations.waitingSince }).from(conversations).orderBy(asc(conversations.id)))
        .filter((r) => r.id !== closedOnce)
        .map((r) => `${r.id} ${r.since?.toISOString() ?? '-'}`);
    const before = await live();
    expect(before.filter((r) => !r.endsWith(' -')).length).toBeGreaterThan(3);
    const migration = await readFile(path.join(process.cwd(), 'db/migrations/0012_inbox_waiting.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('UPDATE'))!;
    await database.db.update(conversations).set({ waitingSince: null });
    await database.db.execute(sql.raw(backfill));
    expect(await live()).toEqual(before);
  });
});
