import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { contacts, messages, templates } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { recordContactEvent } from '@/server/contacts/service';
import { createCaller } from '@/server/router';
import { onFirstInbound } from '@/server/protocols/triggers';
import { libraryTemplates } from './library';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

describe('templates: saving and suggestions', () => {
  let database: Database;
  let ws: TestWorkspace;
  const clock: Clock = { now: () => new Date('2026-11-20T10:05:00Z') };
  const as = (user: TestWorkspace['agent']) => createCaller({ db: database.db, clock, user });

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    ws = await createTestWorkspace(database.db, 'tpl');
    await database.db.insert(templates).values(libraryTemplates.map((t) => ({ ...t, workspaceId: ws.workspace.id })));
  });
  afterAll(() => database.close());

  async function newConversation(name: string, locale: string | null, body = locale === 'en' ? 'Hello, is there a slot on Friday?' : 'Hola') {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name, locale, timeZone: 'America/Mexico_City', identity: { channelId: ws.sandbox.id, externalId: name } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, assigneeId: ws.agent.id });
    const first = new Date('2026-11-20T10:00:00Z');
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body, sentAt: first });
    await onFirstInbound(database.db, c.id, ws.workspace.id, first, clock.now());
    return c;
  }

  it('refuses an unknown placeholder on save, naming it, and stores nothing', async () => {
    const attempt = as(ws.admin).templates.save({ name: 'Oops', stage: 'general', language: 'es', body: 'Hola {{contact.firstname}}' });
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt).rejects.toThrow(/\{\{contact\.firstname\}\}/);
    expect(await database.db.select().from(templates).where(eq(templates.name, 'Oops'))).toEqual([]);
  });

  it('managers keep shared templates; agents keep personal ones and cannot touch shared ones', async () => {
    await expect(as(ws.agent).templates.save({ name: 'Mine?', stage: 'general', language: 'es', body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const personal = await as(ws.agent).templates.save({ name: 'Mi saludo', stage: 'general', language: 'es', body: 'Qué tal, {{contact.first_name}}', personal: true });
    expect(personal.ownerId).toBe(ws.agent.id);
    const shared = (await as(ws.agent).templates.list({})).find((t) => !t.personal)!;
    expect(shared.editable).toBe(false);
    await expect(as(ws.agent).templates.archive({ templateId: shared.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Another agent does not see it at all.
    expect((await as(ws.otherAgent).templates.list({})).map((t) => t.id)).not.toContain(personal.id);
    await as(ws.admin).templates.archive({ templateId: shared.id });
    expect((await as(ws.admin).templates.list({})).map((t) => t.id)).not.toContain(shared.id);
  });

  it("suggests the stage's templates in Spanish by default, in English for an English contact", async () => {
    const es = await newConversation('Lucía Pérez', null);
    const forEs = await as(ws.agent).templates.forConversation({ conversationId: es.id });
    const top = forEs.suggestions.map((id) => forEs.all.find((t) => t.id === id)!);
    expect(top.map((t) => [t.stage, t.language])).toEqual([['first_message', 'es'], ['first_message', 'es'], ['general', 'es']]);
    expect(forEs.values).toMatchObject({ 'contact.first_name': 'Lucía', 'agent.name': 'agent', 'session.start': null });

    const en = await newConversation('Emma Stone', 'en');
    const forEn = await as(ws.agent).templates.forConversation({ conversationId: en.id });
    expect(forEn.all.find((t) => t.id === forEn.suggestions[0])).toMatchObject({ stage: 'first_message', language: 'en' });
  });

  it("follows the language of the contact's last message, and never suggests again a stage already met", async () => {
    const languageOf = async (id: string) => {
      const r = await as(ws.agent).templates.forConversation({ conversationId: id });
      return r.suggestions.map((s) => r.all.find((t) => t.id === s)!);
    };
    // Unknown language, writes in English: English first.
    const en = await newConversation('Oliver Unknown', null, 'Hi! I need an appointment please');
    expect((await languageOf(en.id))[0]).toMatchObject({ stage: 'first_message', language: 'en' });
    // Known as English but writes in Spanish: every suggestion in Spanish.
    const es = await newConversation('Nora Bilingüe', 'en', 'Hola, ¿tenéis cita mañana?');
    expect((await languageOf(es.id)).map((t) => t.language)).toEqual(['es', 'es', 'es']);
    // The agent writes: stage 1 is met, the second message is what comes next; no first-message template is offered.
    await as(ws.agent).messages.send({ conversationId: es.id, message: { kind: 'free_form', body: 'Hola Nora, ¿qué día te va bien?' } });
    const after = await languageOf(es.id);
    expect(after[0]).toMatchObject({ stage: 'second_message', language: 'es' });
    expect(after.map((t) => t.stage)).not.toContain('first_message');
  });

  it('moves up what this agent used most, and fills the session in the contact zone', async () => {
    const c = await newConversation('Hugo Uso', null);
    const { all, suggestions } = await as(ws.agent).templates.forConversation({ conversationId: c.id });
    const second = all.find((t) => t.id === suggestions[1])!;
    await as(ws.agent).messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Hola Hugo', fromTemplateId: second.id } });
    const [stored] = await database.db.select().from(messages).where(eq(messages.body, 'Hola Hugo'));
    expect(stored!.templateId).toBe(second.id);

    const next = await newConversation('Hugo Dos', null);
    const ranked = await as(ws.agent).templates.forConversation({ conversationId: next.id });
    expect(ranked.suggestions[0]).toBe(second.id);

    const [contact] = await database.db.select().from(contacts).where(eq(contacts.name, 'Hugo Dos'));
    await recordContactEvent(database.db, ws.admin, contact!.id, { type: 'session.booked', occurredAt: '2026-11-20T10:04:00Z', properties: { start: '2026-11-24T16:00:00Z', link: 'https://meet.example/abc' } }, clock.now(), fx);
    const withSession = await as(ws.agent).templates.forConversation({ conversationId: next.id });
    expect(withSession.values).toMatchObject({ 'session.start': 'martes 24 de noviembre, 10:00 (hora de Mexico City)', 'session.link': 'https://meet.example/abc' });
  });

  it('refuses to send text with a placeholder left unfilled', async () => {
    const c = await newConversation('Sin Datos', null);
    await expect(as(ws.agent).messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Tu sesión: {{session.start}}' } })).rejects.toThrow(/session\.start/);
  });
});
