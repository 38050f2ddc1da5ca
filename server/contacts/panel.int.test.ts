import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { addMessage, createContact, createConversation, createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { createCaller } from '@/server/router';
import { recordContactEvent } from './service';
import { Effects } from '@/server/effects/unit-of-work';
import { localStorage } from '@/server/files/storage/local';
import { attachBytes } from '@/server/files/store';
import { pngImage } from '@/server/files/testing';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();
const root = mkdtempSync(path.join(tmpdir(), 'cadence-panel-'));
const storage = localStorage(path.join(root, 'files'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the contact activity panel', () => {
  let database: Database;
  let ws: TestWorkspace;
  const now = new Date('2026-11-21T12:00:00Z');
  const as = (user: TestWorkspace['agent']) => createCaller({ db: database.db, clock: { now: () => now }, user });

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    ws = await createTestWorkspace(database.db, 'panel');
  });
  afterAll(() => database.close());

  it('shows profile, identities, a typed activity timeline with failures, orders, and previous conversations', async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Olga Pedidos', phone: '+34 611 000 111', timeZone: 'Europe/Madrid', consent: 'granted', identity: { channelId: ws.sandbox.id, externalId: 'olga' } });
    const old = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, status: 'closed' });
    await addMessage(database.db, old, { direction: 'inbound', authorKind: 'contact', body: 'Primera vez', sentAt: new Date('2026-10-01T10:00:00Z') });
    const current = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    await addMessage(database.db, current, { direction: 'inbound', authorKind: 'contact', body: '¿Dónde está mi pedido?', sentAt: new Date('2026-11-21T10:00:00Z') });
    await addMessage(database.db, current, { direction: 'outbound', authorKind: 'agent', body: 'Lo miro', status: 'failed', sentAt: new Date('2026-11-21T10:05:00Z') });
    await recordContactEvent(database.db, ws.admin, contact.id, { type: 'order.placed', occurredAt: '2026-11-20T09:00:00Z', properties: { orderId: 'A-1', total: 59.9, currency: 'EUR', items: [{ name: 'Bono 3 sesiones', quantity: 1, price: 59.9 }] } }, now, fx);
    await recordContactEvent(database.db, ws.admin, contact.id, { type: 'link.clicked', occurredAt: '2026-11-20T09:30:00Z', properties: { url: 'https://example.test/reserva' } }, now, fx);

    const panel = await as(ws.agent).contacts.panel({ conversationId: current.id });
    expect(panel.contact).toMatchObject({ name: 'Olga Pedidos', timeZone: 'Europe/Madrid', consent: 'granted' });
    expect(panel.identities).toEqual([{ channelKind: 'sandbox', channelName: 'Sandbox', externalId: 'olga' }]);
    expect(panel.activity.map((a) => a.type)).toEqual(['failed', 'message', 'link_click', 'order', 'message']);
    expect(panel.orders).toEqual([expect.objectContaining({ orderId: 'A-1', total: 59.9, currency: 'EUR', items: [{ name: 'Bono 3 sesiones', quantity: 1, price: 59.9 }] })]);
    expect(panel.previousConversations.map((c) => c.id)).toEqual([old.id]);
  });

  it('tells a message of files alone by its files, not by an empty arrow', async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Noa Fotos', identity: { channelId: ws.sandbox.id, externalId: 'noa' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    const photo = await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: '', sentAt: new Date('2026-11-21T09:00:00Z') });
    await attachBytes(database.db, storage, photo, { kind: 'image', bytes: pngImage({ seed: 31 }) });
    const documents = await addMessage(database.db, c, { direction: 'outbound', authorKind: 'agent', body: '', sentAt: new Date('2026-11-21T09:05:00Z') });
    await attachBytes(database.db, storage, documents, { kind: 'document', bytes: Buffer.from('Receta\n'), fileName: 'receta.txt' });
    const panel = await as(ws.agent).contacts.panel({ conversationId: c.id });
    expect(panel.activity.map((a) => a.summary)).toEqual(['→ 📄 receta.txt', '← 📷']);
  });

  it("lists only the contact's conversations the user may read, and only their messages", async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Rita Dos', identity: { channelId: ws.sandbox.id, externalId: 'rita' } });
    const open = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    await addMessage(database.db, open, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date('2026-11-21T09:00:00Z') });
    // The same contact on another channel, in a team whose agents see only their own conversations.
    const therapy = await createTeam(database.db, { workspaceId: ws.workspace.id, name: 'Therapy', visibility: 'assigned' }, [ws.agent.id, ws.otherAgent.id]);
    const hidden = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.whatsapp.id, contactId: contact.id, teamId: therapy.id, assigneeId: ws.otherAgent.id });
    await addMessage(database.db, hidden, { direction: 'inbound', authorKind: 'contact', body: 'Lo que conté en terapia', sentAt: new Date('2026-11-21T10:00:00Z') });

    const panel = await as(ws.agent).contacts.panel({ conversationId: open.id });
    expect(panel.previousConversations).toEqual([]);
    expect(panel.activity.map((a) => a.summary)).toEqual(['← Hola']);
    // Whoever may read both sees both.
    const theirs = await as(ws.otherAgent).contacts.panel({ conversationId: open.id });
    expect(theirs.previousConversations.map((c) => c.id)).toEqual([hidden.id]);
    expect(theirs.activity.map((a) => a.conversationId)).toEqual([hidden.id, open.id]);
  });

  it('edits the profile with validation by field, and hides contacts of other workspaces', async () => {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Pepa', identity: { channelId: ws.sandbox.id, externalId: 'pepa' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    await as(ws.agent).contacts.update({ contactId: contact.id, name: 'Pepa Díaz', email: 'pepa@example.test', timeZone: 'America/Bogota', locale: 'es' });
    expect((await as(ws.agent).contacts.panel({ conversationId: c.id })).contact).toMatchObject({ name: 'Pepa Díaz', email: 'pepa@example.test', timeZone: 'America/Bogota' });
    await expect(as(ws.agent).contacts.update({ contactId: contact.id, name: 'Pepa', email: 'no', timeZone: 'Mars/Base', locale: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const other = await createTestWorkspace(database.db, 'panel2');
    await expect(as(other.admin).contacts.panel({ conversationId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(other.admin).contacts.setBlocked({ contactId: contact.id, blocked: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
