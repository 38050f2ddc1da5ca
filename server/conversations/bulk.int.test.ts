import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { bulkActions, conversationLabels, conversationReads, conversations, labels } from '@/db/schema';
import { addMessage, createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { runDueJobs } from '@/server/scheduler/loop';

const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const NOW = '2026-11-23T10:00:00Z';

describe.each(testDatabaseKinds)('bulk actions on the selection (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let n = 0;
  const as = (user: TestWorkspace['agent'], iso = NOW) => createCaller({ db: database.db, clock: at(iso), user });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `bulk-${kind}`);
    other = await createTestWorkspace(database.db, `bulk-other-${kind}`);
  });
  afterAll(() => database.close());

  async function conversation(w: TestWorkspace = ws, values: { assigneeId?: string | null; status?: 'open' | 'snoozed' | 'closed'; teamId?: string } = {}) {
    n += 1;
    const contact = await createContact(database.db, { workspaceId: w.workspace.id, name: `Persona ${n}`, identity: { channelId: w.sandbox.id, externalId: `bulk-${kind}-${n}` } });
    const c = await createConversation(database.db, { workspaceId: w.workspace.id, channelId: w.sandbox.id, contactId: contact.id, assigneeId: values.assigneeId ?? null, status: values.status ?? 'open', teamId: values.teamId ?? null });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: `hola ${n}`, sentAt: new Date('2026-11-23T09:00:00Z') });
    return c;
  }
  const rows = async (ids: string[]) => {
    const list = await database.db.select().from(conversations).where(inArray(conversations.id, ids));
    return ids.map((id) => list.find((c) => c.id === id)!);
  };

  it('closes three at once and one undo reopens each as it was, snooze included', async () => {
    const open = await conversation();
    const mine = await conversation(ws, { assigneeId: ws.agent.id });
    const snoozed = await conversation();
    await as(ws.agent).conversations.snooze({ conversationId: snoozed.id, until: '2026-11-24T08:00:00Z' });
    const ids = [open.id, mine.id, snoozed.id];
    const before = await rows(ids);

    const done = await as(ws.agent).conversations.bulkClose({ conversationIds: ids });
    expect(done.count).toBe(3);
    expect((await rows(ids)).map((c) => c.status)).toEqual(['closed', 'closed', 'closed']);
    expect((await rows(ids)).every((c) => c.waitingSince === null)).toBe(true);

    const undone = await as(ws.agent, '2026-11-23T10:05:00Z').conversations.bulkUndo({ bulkId: done.bulkId });
    expect(undone).toEqual({ restored: 3, skipped: 0 });
    const after = await rows(ids);
    expect(after.map((c) => [c.status, c.snoozedUntil?.toISOString() ?? null, c.waitingSince?.toISOString() ?? null, c.assigneeId])).toEqual(
      before.map((c) => [c.status, c.snoozedUntil?.toISOString() ?? null, c.waitingSince?.toISOString() ?? null, c.assigneeId]),
    );
    // The snooze put back still wakes at its time.
    await runDueJobs(database.db, jobHandlers, at('2026-11-24T08:00:01Z'));
    expect((await rows([snoozed.id]))[0]!.status).toBe('open');
    // One undo: a second is refused.
    await expect(as(ws.agent).conversations.bulkUndo({ bulkId: done.bulkId })).rejects.toThrow(/no longer be undone/);
  });

  it('snoozes by a preset in the agent’s zone, and refuses a moment in the past naming the field, writing nothing', async () => {
    const a = await conversation();
    const b = await conversation();
    await as(ws.agent).conversations.bulkSnooze({ conversationIds: [a.id, b.id], preset: 'tomorrow' });
    expect((await rows([a.id, b.id])).map((c) => c.snoozedUntil?.toISOString())).toEqual(['2026-11-24T08:00:00.000Z', '2026-11-24T08:00:00.000Z']);
    const c = await conversation();
    await expect(as(ws.agent).conversations.bulkSnooze({ conversationIds: [c.id], until: '2026-11-22T08:00:00Z' })).rejects.toThrow(/until: must be in the future/);
    expect((await rows([c.id]))[0]!.status).toBe('open');
  });

  it('an undo leaves alone a conversation someone changed since, and says how many', async () => {
    const a = await conversation();
    const b = await conversation();
    const done = await as(ws.agent).conversations.bulkAssign({ conversationIds: [a.id, b.id], userId: ws.agent.id });
    expect((await rows([a.id, b.id])).map((c) => c.assigneeId)).toEqual([ws.agent.id, ws.agent.id]);
    await as(ws.supervisor).conversations.assign({ conversationId: b.id, userId: ws.otherAgent.id });
    expect(await as(ws.agent).conversations.bulkUndo({ bulkId: done.bulkId })).toEqual({ restored: 1, skipped: 1 });
    expect((await rows([a.id, b.id])).map((c) => c.assigneeId)).toEqual([null, ws.otherAgent.id]);
  });

  it('labels and unlabels, and marks read and unread for this user only, each undone', async () => {
    const [label] = await database.db.insert(labels).values({ workspaceId: ws.workspace.id, name: `bulk-${kind}` }).returning();
    const a = await conversation();
    const b = await conversation();
    const labelled = await as(ws.agent).conversations.bulkLabel({ conversationIds: [a.id, b.id], labelId: label!.id, applied: true });
    const applied = () => database.db.select().from(conversationLabels).where(eq(conversationLabels.labelId, label!.id));
    expect((await applied()).length).toBe(2);
    await as(ws.agent).conversations.bulkUndo({ bulkId: labelled.bulkId });
    expect((await applied()).length).toBe(0);

    const unread = async (user: TestWorkspace['agent']) =>
      (await as(user).conversations.list({ tab: 'all', status: 'open', limit: 100 })).data.filter((c) => [a.id, b.id].includes(c.id) && c.unread).length;
    expect(await unread(ws.agent)).toBe(2);
    const read = await as(ws.agent).conversations.bulkMarkRead({ conversationIds: [a.id, b.id], read: true });
    expect(await unread(ws.agent)).toBe(0);
    expect(await unread(ws.otherAgent)).toBe(2);
    await as(ws.agent).conversations.bulkUndo({ bulkId: read.bulkId });
    expect(await unread(ws.agent)).toBe(2);
    expect(await database.db.select().from(conversationReads).where(and(eq(conversationReads.userId, ws.agent.id), inArray(conversationReads.conversationId, [a.id, b.id])))).toEqual([]);

    // A label deleted after it was taken off: its undo has nothing to put back, and says so.
    const removed = await as(ws.agent).conversations.bulkLabel({ conversationIds: [a.id], labelId: label!.id, applied: false });
    await database.db.delete(labels).where(eq(labels.id, label!.id));
    expect(await as(ws.agent).conversations.bulkUndo({ bulkId: removed.bulkId })).toEqual({ restored: 0, skipped: 1 });
  });

  it('one conversation the user may not read refuses the whole action, and nothing is written', async () => {
    const therapy = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Terapia ${kind}`, visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id]);
    const mine = await conversation();
    const luis = await conversation(ws, { teamId: therapy.id, assigneeId: ws.otherAgent.id });
    const foreign = await conversation(other);
    for (const stranger of [luis.id, foreign.id]) {
      await expect(as(ws.agent).conversations.bulkClose({ conversationIds: [mine.id, stranger] })).rejects.toThrow(/no such conversation/);
    }
    expect((await rows([mine.id, luis.id, foreign.id])).map((c) => c.status)).toEqual(['open', 'open', 'open']);
    expect(await database.db.select().from(bulkActions).where(eq(bulkActions.workspaceId, other.workspace.id))).toEqual([]);
  });

  it('an agent assigning to someone else is refused for all, mid-way or not: one transaction', async () => {
    const a = await conversation();
    const b = await conversation();
    await expect(as(ws.agent).conversations.bulkAssign({ conversationIds: [a.id, b.id], userId: ws.otherAgent.id })).rejects.toThrow(/only assign conversations to themselves/);
    expect((await rows([a.id, b.id])).map((c) => c.assigneeId)).toEqual([null, null]);
  });

  it('only its author undoes an action, within ten minutes; the selection is 1 to 100 ids', async () => {
    const a = await conversation();
    const done = await as(ws.agent).conversations.bulkClose({ conversationIds: [a.id] });
    await expect(as(ws.otherAgent).conversations.bulkUndo({ bulkId: done.bulkId })).rejects.toThrow(/no such action of yours/);
    await expect(as(ws.agent, '2026-11-23T10:10:01Z').conversations.bulkUndo({ bulkId: done.bulkId })).rejects.toThrow(/no longer be undone/);
    expect((await rows([a.id]))[0]!.status).toBe('closed');
    await expect(as(ws.agent).conversations.bulkClose({ conversationIds: [] })).rejects.toThrow(/select at least one conversation/);
    const many = Array.from({ length: 101 }, () => a.id);
    await expect(as(ws.agent).conversations.bulkClose({ conversationIds: many })).rejects.toThrow(/at most 100 conversations at once/);
  });
});
