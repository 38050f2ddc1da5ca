import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import { createCaller } from '@/server/router';

/*
 * One rule for contacts (SPEC §1): a user may read and act on a contact when they may read at
 * least one of the contact's conversations; managers and admins on any contact of the workspace.
 */
describe.each(testDatabaseKinds)('who may act on a contact (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  const now = new Date('2026-11-21T12:00:00Z');
  const as = (user: SessionUser) => createCaller({ db: database.db, clock: { now: () => now }, user });
  const profile = { email: '', timeZone: '', locale: '' } as const;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `contact-access-${kind}`);
  });
  afterAll(() => database.close());

  /**
   * A contact whose first conversation only `otherAgent` may read, and whose second anyone may;
   * both on one channel, so the older one is the first a lookup by contact finds.
   */
  async function contactWithTwoConversations(name: string) {
    const therapy = await createTeam(database.db, { workspaceId: ws.workspace.id, name: `Therapy ${name}`, visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id], [ws.supervisor.id]);
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name, identity: { channelId: ws.sandbox.id, externalId: name } });
    const hidden = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId: therapy.id, assigneeId: ws.otherAgent.id });
    const open = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    return { contact, hidden, open };
  }

  it('lets an agent edit a contact through any conversation of theirs they may read, not only the first one found', async () => {
    const { contact, hidden, open } = await contactWithTwoConversations('Rosa');
    await expect(as(ws.agent).conversations.get({ conversationId: hidden.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await as(ws.agent).contacts.update({ contactId: contact.id, name: 'Rosa Martín', ...profile });
    expect((await as(ws.agent).contacts.panel({ conversationId: open.id })).contact.name).toBe('Rosa Martín');
  });

  it('hides a contact from an agent who may read none of its conversations, for every action', async () => {
    const therapy = await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Therapy only', visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id], [ws.supervisor.id]);
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Luis', identity: { channelId: ws.sandbox.id, externalId: 'luis' } });
    await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, teamId: therapy.id, assigneeId: ws.otherAgent.id });
    await expect(as(ws.agent).contacts.update({ contactId: contact.id, name: 'Luis X', ...profile })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(ws.agent).contacts.setBlocked({ contactId: contact.id, blocked: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await as(ws.otherAgent).contacts.update({ contactId: contact.id, name: 'Luis Gómez', ...profile });
    await as(ws.supervisor).contacts.setBlocked({ contactId: contact.id, blocked: false });
  });

  it('lets an admin edit any contact of the workspace, even one with no conversation yet, and no other workspace\'s', async () => {
    const lone = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Nadie' });
    await as(ws.admin).contacts.update({ contactId: lone.id, name: 'Alguien', ...profile });
    const other = await createTestWorkspace(database.db, `contact-access-other-${kind}`);
    await expect(as(other.admin).contacts.update({ contactId: lone.id, name: 'Robado', ...profile })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
