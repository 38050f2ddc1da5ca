import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import { createCaller } from '@/server/router';

/*
 * The procedure ladder: every procedure about one conversation loads it through the access
 * module first, so one it may not read answers NOT_FOUND, whatever the procedure does after.
 */
describe('the procedure ladder', () => {
  let database: Database;
  let ws: TestWorkspace;
  let hidden: string;
  const now = new Date('2026-11-21T12:00:00Z');
  const as = (user: SessionUser | null) => createCaller({ db: database.db, clock: { now: () => now }, user });

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    ws = await createTestWorkspace(database.db, 'ladder');
    const therapy = await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Therapy', visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id]);
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Marta', identity: { channelId: ws.sandbox.id, externalId: 'marta' } });
    hidden = (await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId: therapy.id, assigneeId: ws.otherAgent.id })).id;
  });
  afterAll(() => database.close());

  it('answers NOT_FOUND for a conversation the user may not read, on every conversation procedure', async () => {
    const agent = as(ws.agent);
    const conversationId = hidden;
    const calls: [string, () => Promise<unknown>][] = [
      ['conversations.get', () => agent.conversations.get({ conversationId })],
      ['conversations.setStatus', () => agent.conversations.setStatus({ conversationId, change: { status: 'closed' } })],
      ['conversations.snooze', () => agent.conversations.snooze({ conversationId, preset: 'tomorrow' })],
      ['conversations.assign', () => agent.conversations.assign({ conversationId, userId: ws.agent.id })],
      ['conversations.markUnread', () => agent.conversations.markUnread({ conversationId })],
      ['conversations.markRead', () => agent.conversations.markRead({ conversationId })],
      ['conversations.setLabel', () => agent.conversations.setLabel({ conversationId, labelId: randomUUID(), applied: true })],
      ['messages.thread', () => agent.messages.thread({ conversationId })],
      ['messages.send', () => agent.messages.send({ conversationId, message: { kind: 'free_form', body: 'hola' } })],
      ['notes.list', () => agent.notes.list({ conversationId })],
      ['notes.add', () => agent.notes.add({ conversationId, body: 'nota' })],
      ['windows.state', () => agent.windows.state({ conversationId })],
      ['protocols.deadlines', () => agent.protocols.deadlines({ conversationId })],
      ['templates.forConversation', () => agent.templates.forConversation({ conversationId })],
      ['contacts.panel', () => agent.contacts.panel({ conversationId })],
    ];
    for (const [name, call] of calls) {
      await expect(call(), name).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // The one it may read goes through the same step.
    await expect(as(ws.otherAgent).notes.list({ conversationId })).resolves.toEqual([]);
  });

  it("refuses by the app's own error codes: signed out, then each role's step", async () => {
    await expect(as(null).notes.list({ conversationId: hidden })).rejects.toMatchObject({ code: 'UNAUTHORIZED', cause: { code: 'UNAUTHENTICATED' } });
    await expect(as(ws.supervisor).apiTokens.list()).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { code: 'FORBIDDEN' } });
    await expect(as(ws.agent).team.overview()).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { code: 'FORBIDDEN' } });
    await expect(as(ws.supervisor).attribution.report({ days: 30 })).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { code: 'FORBIDDEN' } });
  });
});
