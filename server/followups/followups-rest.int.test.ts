import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getContact, PATCH as patchContact } from '@/app/api/v1/contacts/[id]/route';
import { GET as listContactsRoute } from '@/app/api/v1/contacts/route';
import { GET as conversationLog } from '@/app/api/v1/conversations/[id]/followups/route';
import { DELETE as deleteOne, GET as getOne, PATCH as patchOne } from '@/app/api/v1/followups/[id]/route';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/followups/route';
import { setDatabase, type Database } from '@/db/client';
import { auditLog, followups, templates } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { createCaller } from '@/server/router';
import { ApiContact } from '@/server/contacts/schemas';
import { ApiFollowup, ApiFollowupLog } from './schemas';

type Handler<P> = (r: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/** REST v1 for follow-ups and contacts (issue 16): the shapes, the field errors, the limits. */
describe.each(testDatabaseKinds)('follow-ups and contacts over REST (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let approved: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `furest-${kind}`);
    other = await createTestWorkspace(database.db, `furest-other-${kind}`);
    const [t] = await database.db
      .insert(templates)
      .values({ workspaceId: ws.workspace.id, name: 'retomar', body: '¿Retomamos?', channelKinds: ['whatsapp'], whatsappStatus: 'approved', whatsappCategory: 'utility' })
      .returning();
    approved = t!.id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const call = <P,>(handler: Handler<P>, url: string, params: P, init: { token?: string; body?: unknown; method?: string } = {}) =>
    handler(
      new Request(`http://test${url}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${init.token ?? ws.tokens.admin}`, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
      { params: Promise.resolve(params) },
    );
  const post = (body: unknown, token?: string) => call(createRoute, '/api/v1/followups', {}, { body, token });
  const valid = { name: 'Recordatorio de cita', delayMinutes: 240, channelKinds: ['sandbox'], message: { kind: 'custom', body: 'Hola {{contact.first_name}}' }, stopOn: ['contact_replied', 'session_booked'] };
  const errorOf = async (response: Response) => ({ status: response.status, ...(await response.json()).error });

  it('creates one with its defaults, and reads and lists it in the same shape', async () => {
    const response = await post({ ...valid, color: 'sky' });
    expect(response.status).toBe(201);
    const created = ApiFollowup.parse(await response.json());
    expect(created).toMatchObject({
      name: 'Recordatorio de cita',
      color: 'sky',
      delayMinutes: 240,
      warnings: [],
      conditions: { lastMessageOurs: true, labelIds: [], withoutLabelIds: [], stage: null },
      whatsappTemplateId: null,
      active: true,
      counts: { scheduled: 0, sent: 0, skipped: 0, cancelled: 0, replies: 0 },
    });
    expect(created).not.toHaveProperty('requestedDelayMinutes');
    expect(await (await call(getOne, `/api/v1/followups/${created.id}`, { id: created.id })).json()).toEqual(created);
    const listed = await (await call(listRoute, '/api/v1/followups?color=sky', {})).json();
    expect(listed.data.map((f: { id: string }) => f.id)).toEqual([created.id]);
    expect((await (await call(listRoute, '/api/v1/followups?color=red', {})).json()).data).toEqual([]);
    const [audited] = await database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audited!.n).toBe(1);
  });

  it('names the field of every invalid body, and writes nothing', async () => {
    const [before] = await database.db.select({ n: count() }).from(followups);
    expect(await errorOf(await post({ ...valid, name: 'x'.repeat(101) }))).toMatchObject({ status: 400, code: 'INVALID_INPUT', message: 'name: at most 100 characters' });
    const { stopOn: _dropped, ...noStop } = valid;
    expect(await errorOf(await post(noStop))).toMatchObject({ status: 400, message: 'stopOn: required' });
    expect(await errorOf(await post({ ...valid, channelKinds: ['whatsapp'], delayMinutes: 1441 }))).toMatchObject({
      status: 400,
      message: 'whatsappTemplateId: required when the delay exceeds 24 h on WhatsApp',
    });
    expect((await errorOf(await post({ ...valid, channelKinds: ['carrier-pigeon'] }))).message).toMatch(/^channelKinds\.0: /);
    expect((await errorOf(await post({ ...valid, message: { kind: 'custom', body: 'Hola {{1}}' } }))).message).toBe('message.body: {{1}} cannot be filled in a follow-up');
    expect((await errorOf(await post({ ...valid, conditions: { labelIds: ['00000000-0000-4000-8000-000000000000'] } }))).message).toBe(
      'conditions.labelIds.0: no such label in this workspace',
    );
    const [after] = await database.db.select({ n: count() }).from(followups);
    expect(after!.n).toBe(before!.n);
  });

  it('clamps a delay over 24 h on Instagram and Messenger, and says so', async () => {
    const body = await (await post({ ...valid, channelKinds: ['messenger', 'whatsapp'], delayMinutes: 2880 })).json();
    expect(body).toMatchObject({ delayMinutes: 1440, requestedDelayMinutes: 2880 });
    expect(body.warnings).toEqual([expect.stringMatching(/^delayMinutes: Instagram and Messenger .* 2880 minutes was clamped to 1440$/)]);
    // Messenger dropped: the 48 h asked for stands again, and now needs a WhatsApp template.
    expect((await errorOf(await call(patchOne, `/api/v1/followups/${body.id}`, { id: body.id }, { method: 'PATCH', body: { channelKinds: ['whatsapp'] } }))).message).toBe(
      'whatsappTemplateId: required when the delay exceeds 24 h on WhatsApp',
    );
    const patched = await (await call(patchOne, `/api/v1/followups/${body.id}`, { id: body.id }, { method: 'PATCH', body: { channelKinds: ['whatsapp'], whatsappTemplateId: approved } })).json();
    expect(patched).toMatchObject({ delayMinutes: 2880, channelKinds: ['whatsapp'], whatsappTemplateId: approved, warnings: [] });
    expect(patched).not.toHaveProperty('requestedDelayMinutes');
  });

  it('refuses a sixth active follow-up on a channel, naming the limit', async () => {
    await database.db.update(followups).set({ active: false });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await (await post({ ...valid, name: `Telegram ${i}`, channelKinds: ['telegram', 'sms'] })).json());
    const sixth = await post({ ...valid, name: 'Telegram 6', channelKinds: ['line', 'telegram'] });
    expect(await errorOf(sixth)).toMatchObject({ status: 409, code: 'CONFLICT', message: 'active: at most 5 active follow-ups per channel, and telegram already has 5; deactivate one first' });
    // Inactive it may be made, but not switched on until one is switched off.
    const idle = await (await post({ ...valid, name: 'Telegram 6', channelKinds: ['line', 'telegram'], active: false })).json();
    const on = (id: string, active: boolean) => call(patchOne, `/api/v1/followups/${id}`, { id }, { method: 'PATCH', body: { active } });
    expect((await on(idle.id, true)).status).toBe(409);
    expect((await on(made[0].id, false)).status).toBe(200);
    expect((await on(idle.id, true)).status).toBe(200);
    // Other channels are not held back by a full one.
    expect((await post({ ...valid, name: 'LINE 2', channelKinds: ['line'] })).status).toBe(201);
  });

  it('deletes one (404 afterwards), and keeps managing to managers and admins', async () => {
    const created = await (await post({ ...valid, name: 'Para borrar', active: false })).json();
    expect((await call(getOne, `/api/v1/followups/${created.id}`, { id: created.id }, { token: ws.tokens.agent })).status).toBe(403);
    expect((await post(valid, ws.tokens.agent)).status).toBe(403);
    expect((await call(getOne, `/api/v1/followups/${created.id}`, { id: created.id }, { token: other.tokens.admin })).status).toBe(404);
    expect((await call(deleteOne, `/api/v1/followups/${created.id}`, { id: created.id }, { method: 'DELETE' })).status).toBe(204);
    expect((await call(getOne, `/api/v1/followups/${created.id}`, { id: created.id })).status).toBe(404);
    expect((await call(getOne, '/api/v1/followups/nope', { id: 'nope' })).status).toBe(400);
  });

  it("answers a conversation's log in the issue's shape, to whoever may read the conversation", async () => {
    await database.db.update(followups).set({ active: false });
    await (await post({ ...valid, name: 'Log' })).json();
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Rita', identity: { channelId: ws.sandbox.id, externalId: 'rita' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date('2026-05-04T07:00:00Z') });
    await createCaller({ db: database.db, clock: { now: () => new Date('2026-05-04T08:00:00Z') }, user: ws.agent }).messages.send({
      conversationId: c.id,
      message: { kind: 'free_form', body: 'Dime' },
      quietHours: 'send_anyway',
    });
    const response = await call(conversationLog, `/api/v1/conversations/${c.id}/followups`, { id: c.id }, { token: ws.tokens.agent });
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data).toHaveLength(1);
    expect(Object.keys(data[0]).sort()).toEqual(['at', 'dueAt', 'followupId', 'reason', 'status']);
    expect(ApiFollowupLog.parse(data[0])).toMatchObject({ status: 'scheduled', reason: 'conditions_met', at: '2026-05-04T08:00:00.000Z', dueAt: '2026-05-04T12:00:00.000Z' });
    expect((await call(conversationLog, `/api/v1/conversations/${c.id}/followups`, { id: c.id }, { token: other.tokens.admin })).status).toBe(404);
  });

  describe('contacts', () => {
    let ana: string;
    beforeAll(async () => {
      ana = (await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Ána Belén Ruiz', phone: '+34 611 22 33 44', email: 'ana@example.test' })).id;
      await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Bruno Sanz', phone: '+34 699 88 77 66' });
      await createContact(database.db, { workspaceId: other.workspace.id, name: 'Ana Foreign', phone: '+34 611 22 33 44' });
    });
    const search = async (q: string, token?: string) =>
      (await (await call(listContactsRoute, `/api/v1/contacts?search=${encodeURIComponent(q)}`, {}, { token })).json()).data.map((c: { name: string }) => c.name);

    it('finds them by name (accents folded), email or phone in any formatting, in this workspace only', async () => {
      expect(await search('ana belen')).toEqual(['Ána Belén Ruiz']);
      expect(await search('ana@example.test')).toEqual(['Ána Belén Ruiz']);
      expect(await search('611223344')).toEqual(['Ána Belén Ruiz']);
      expect(await search('(699) 887-766')).toEqual(['Bruno Sanz']);
      const page = await (await call(listContactsRoute, '/api/v1/contacts?limit=1', {})).json();
      expect(page.data).toHaveLength(1);
      ApiContact.parse(page.data[0]);
      const next = await (await call(listContactsRoute, `/api/v1/contacts?limit=1&cursor=${page.nextCursor}`, {})).json();
      expect(next.data[0].id).not.toBe(page.data[0].id);
      // An agent reads only contacts of conversations they may read.
      expect(await search('bruno', ws.tokens.agent)).toEqual([]);
    });

    it('reads and edits one, validated like the form, naming the field', async () => {
      expect(ApiContact.parse(await (await call(getContact, `/api/v1/contacts/${ana}`, { id: ana })).json())).toMatchObject({ name: 'Ána Belén Ruiz', consent: 'unknown' });
      const patch = (body: unknown) => call(patchContact, `/api/v1/contacts/${ana}`, { id: ana }, { method: 'PATCH', body });
      const changed = await (await patch({ timeZone: 'America/Bogota', locale: 'en', phone: '+57 300 000 0000', email: '' })).json();
      expect(changed).toMatchObject({ name: 'Ána Belén Ruiz', timeZone: 'America/Bogota', locale: 'en', phone: '+57 300 000 0000', email: null });
      expect(await errorOf(await patch({ timeZone: 'Mars/Olympus' }))).toMatchObject({ status: 400, message: 'timeZone: not a time zone (e.g. Europe/Madrid)' });
      expect(await errorOf(await patch({ locale: 'fr' }))).toMatchObject({ status: 400, message: 'locale: es or en' });
      expect(await errorOf(await patch({ name: ' ' }))).toMatchObject({ status: 400, message: 'name: the name cannot be empty' });
      expect(await errorOf(await patch({ phone: 'call me' }))).toMatchObject({ status: 400, message: 'phone: a phone number: digits, spaces and + ( ) - .' });
      expect(await errorOf(await patch({ email: 'nope' }))).toMatchObject({ status: 400, message: 'email: not an email address' });
      expect((await call(getContact, `/api/v1/contacts/${ana}`, { id: ana }, { token: other.tokens.admin })).status).toBe(404);
      expect(await (await call(getContact, `/api/v1/contacts/${ana}`, { id: ana })).json()).toMatchObject({ timeZone: 'America/Bogota' });
    });
  });
});
