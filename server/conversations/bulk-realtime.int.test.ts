import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { connected, startRealtime } from '@/server/realtime/testing/harness';
import { createCaller } from '@/server/router';

const clock: Clock = { now: () => new Date('2026-11-23T10:00:00Z') };

describe.each(testDatabaseKinds)('bulk actions tell the screens after they commit (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;
  let n = 0;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `bulk-rt-${kind}`);
    other = await createTestWorkspace(database.db, `bulk-rt-other-${kind}`);
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    await database.close();
  });
  async function conversation(w: TestWorkspace) {
    n += 1;
    const contact = await createContact(database.db, { workspaceId: w.workspace.id, name: `Tiempo real ${n}`, identity: { channelId: w.sandbox.id, externalId: `bulk-rt-${kind}-${n}` } });
    const c = await createConversation(database.db, { workspaceId: w.workspace.id, channelId: w.sandbox.id, contactId: contact.id, assigneeId: null, status: 'open', teamId: null });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'hola', sentAt: new Date('2026-11-23T09:00:00Z') });
    return c;
  }

  it('every conversation of a bulk close is told, closed; a refused bulk tells nothing', async () => {
    const [a, b] = [await conversation(ws), await conversation(ws)];
    const colleague = await rt.client(ws.otherAgent);
    await connected(colleague);
    const told: { id: string; status: string }[] = [];
    colleague.on('conversation.updated', ({ conversation }) => told.push({ id: conversation.id, status: conversation.status }));
    const api = createCaller({ db: database.db, clock, user: ws.agent });

    const foreign = await conversation(other);
    await expect(api.conversations.bulkClose({ conversationIds: [a.id, foreign.id] })).rejects.toThrow(/no such conversation/);
    const done = await api.conversations.bulkClose({ conversationIds: [a.id, b.id] });
    await expect.poll(() => told.filter((e) => e.status === 'closed').map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    // Nothing arrived for the refused attempt: the first news of `a` is its close.
    expect(told.find((e) => e.id === a.id)?.status).toBe('closed');

    const before = told.length;
    await api.conversations.bulkUndo({ bulkId: done.bulkId });
    await expect.poll(() => told.slice(before).filter((e) => e.status === 'open').map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
  });
});
