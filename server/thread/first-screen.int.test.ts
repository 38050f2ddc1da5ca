import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';

const clock: Clock = { now: () => new Date('2026-11-23T10:00:00Z') };

describe.each(testDatabaseKinds)('a conversation’s first screen in one request (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `first-${kind}`);
  });
  afterAll(() => database.close());

  it('answers each part exactly as its own query does (the browser files them under those queries)', async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Marta Primera', identity: { channelId: ws.sandbox.id, externalId: `first-${kind}` } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, assigneeId: null, status: 'open', teamId: null });
    for (let i = 0; i < 3; i++) await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: `mensaje ${i}`, sentAt: new Date(`2026-11-23T09:0${i}:00Z`) });
    const api = createCaller({ db: database.db, clock, user: ws.agent });
    const input = { conversationId: c.id };
    const screen = await api.thread.open(input);
    expect(screen.thread.data.map((m) => m.body)).toEqual(['mensaje 2', 'mensaje 1', 'mensaje 0']);
    expect(screen).toEqual({
      conversation: await api.conversations.get(input),
      thread: await api.messages.thread(input),
      notes: await api.notes.list(input),
      deadlines: await api.protocols.deadlines(input),
      window: await api.windows.state(input),
      templates: await api.templates.forConversation(input),
      contact: await api.contacts.panel(input),
    });
  });

  it('is refused, like its parts, for a conversation of another workspace', async () => {
    const other = await createTestWorkspace(database.db, `first-other-${kind}`);
    const contact = await createContact(database.db, { workspaceId: other.workspace.id, name: 'Ajena', identity: { channelId: other.sandbox.id, externalId: `first-o-${kind}` } });
    const c = await createConversation(database.db, { workspaceId: other.workspace.id, channelId: other.sandbox.id, contactId: contact.id, assigneeId: null, status: 'open', teamId: null });
    await expect(createCaller({ db: database.db, clock, user: ws.agent }).thread.open({ conversationId: c.id })).rejects.toThrow(/no such conversation/);
  });
});
