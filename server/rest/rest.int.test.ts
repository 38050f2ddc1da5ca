import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postEvent } from '@/app/api/v1/contacts/[id]/events/route';
import { GET as getMessages, POST as postMessage } from '@/app/api/v1/conversations/[id]/messages/route';
import { GET as getOne } from '@/app/api/v1/conversations/[id]/route';
import { POST as postStatus } from '@/app/api/v1/conversations/[id]/status/route';
import { GET as getList } from '@/app/api/v1/conversations/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { setDatabase, type Database } from '@/db/client';
import { apiTokens, contactEvents, messages, templates } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ApiConversation } from '@/server/conversations/api-view';
import { ApiMessage } from '@/server/messages/view';
import { deliverDue } from '@/server/messages/testing';
import { systemClock } from '@/server/clock';
import { localStorage } from '@/server/files/storage/local';
import { attachBytes } from '@/server/files/store';
import { pngImage } from '@/server/files/testing';

const HOUR = 3_600_000;

// Where this file's attachments keep their bytes (listing messages never reads them).
const filesRoot = mkdtempSync(path.join(tmpdir(), 'cadence-rest-'));
afterAll(() => rm(filesRoot, { recursive: true, force: true }));

describe.each(testDatabaseKinds)('REST v1 (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let fresh: { id: string; contactId: string };
  let stale: { id: string };
  let foreign: { id: string; contactId: string };
  let approvedTemplate: string;
  let pendingTemplate: string;

  async function whatsappConversation(ws: TestWorkspace, name: string, phone: string, lastInboundAgoMs: number) {
    const contact = await createContact(database.db, {
      workspaceId: ws.workspace.id,
      name,
      phone,
      identity: { channelId: ws.whatsapp.id, externalId: phone.replace(/\D/g, '') },
    });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.whatsapp.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: `Hola, soy ${name}`, sentAt: new Date(Date.now() - lastInboundAgoMs) });
    return c;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, 'rest-a');
    b = await createTestWorkspace(database.db, 'rest-b');
    fresh = await whatsappConversation(a, 'Lucía Fresh', '+34 600 11 22 33', HOUR);
    stale = await whatsappConversation(a, 'Pedro Stale', '+34 699 00 00 01', 30 * HOUR);
    foreign = await whatsappConversation(b, 'Bea Foreign', '+34 611 00 00 02', HOUR);
    const [approved, pending] = await database.db
      .insert(templates)
      .values([
        { workspaceId: a.workspace.id, name: 'reminder', body: 'Hola {{contact.first_name}}, te escribimos por tu cita del {{1}}.', channelKinds: ['whatsapp'], whatsappStatus: 'approved', whatsappCategory: 'utility' },
        { workspaceId: a.workspace.id, name: 'promo', body: 'Novedades para ti', channelKinds: ['whatsapp'], whatsappStatus: 'pending', whatsappCategory: 'marketing' },
      ])
      .returning();
    approvedTemplate = approved!.id;
    pendingTemplate = pending!.id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const headers = (token: string | null): Record<string, string> =>
    token ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : {};
  const call = <P,>(handler: (r: Request, ctx: { params: Promise<P> }) => Promise<Response>, url: string, params: P, init: { token?: string | null; body?: unknown; method?: string } = {}) =>
    handler(
      new Request(`http://test${url}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: headers(init.token === undefined ? 'rest-a-admin-token' : init.token),
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      }),
      { params: Promise.resolve(params) },
    );
  const countMessages = async (conversationId: string) =>
    (await database.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId)))[0]!.n;

  it('answers 401 without a token, with an unknown one, and with a revoked one', async () => {
    expect((await call(getList, '/api/v1/conversations', {}, { token: null })).status).toBe(401);
    const bad = await call(getList, '/api/v1/conversations', {}, { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.name, 'agent'));
    expect((await call(getList, '/api/v1/conversations', {}, { token: 'rest-a-agent-token' })).status).toBe(401);
    await database.db.update(apiTokens).set({ revokedAt: null }).where(eq(apiTokens.name, 'agent'));
  });

  it("lists the workspace's conversations in the SPEC shape, with their windows", async () => {
    const response = await call(getList, '/api/v1/conversations?channel=whatsapp', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: unknown[]; nextCursor: string | null };
    expect(body.data).toHaveLength(2);
    for (const c of body.data) {
      expect(Object.keys(c as object).sort()).toEqual(Object.keys(ApiConversation.shape).sort());
      ApiConversation.parse(c);
    }
    const byName = Object.fromEntries(body.data.map((c) => [(c as { contact: { name: string } }).contact.name, c as { window: { state: string } }]));
    expect(byName['Lucía Fresh']!.window).toMatchObject({ state: 'open', allowed: ['free_form', 'template'], reason: null });
    expect(byName['Pedro Stale']!.window).toEqual({ state: 'template_only', closesAt: null, allowed: ['template'], reason: 'TEMPLATE_REQUIRED' });
  });

  it('sorts by oldest waiting, and says since when each contact waits', async () => {
    const body = await (await call(getList, '/api/v1/conversations?channel=whatsapp&sort=waiting', {})).json();
    expect(body.data.map((c: { contact: { name: string } }) => c.contact.name)).toEqual(['Pedro Stale', 'Lucía Fresh']);
    const [pedro, lucia] = body.data as { waitingSince: string }[];
    expect(Date.parse(lucia!.waitingSince) - Date.parse(pedro!.waitingSince)).toBeGreaterThan(28 * HOUR);
    const bad = await call(getList, '/api/v1/conversations?sort=longest', {});
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/sort/);
  });

  it("lists each conversation's own window when channels count messages (WeChat's cap, Viber's quota), as the single read does", async () => {
    const wechat = await createChannel(database.db, { workspaceId: a.workspace.id, kind: 'wechat', publicId: 'rest-a-wechat', name: 'WeChat', settings: { wechatMessageCap: 2, delivery: 'record' } });
    const viber = await createChannel(database.db, { workspaceId: a.workspace.id, kind: 'viber', publicId: 'rest-a-viber', name: 'Viber', settings: { delivery: 'record' } });
    const talk = async (channel: typeof wechat, name: string, outbound: number, inboundAgoMs: number) => {
      const contact = await createContact(database.db, { workspaceId: a.workspace.id, name, phone: null, identity: { channelId: channel.id, externalId: name } });
      const c = await createConversation(database.db, { workspaceId: a.workspace.id, channelId: channel.id, contactId: contact.id });
      await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date(Date.now() - inboundAgoMs) });
      for (let i = 0; i < outbound; i++) await addMessage(database.db, c, { direction: 'outbound', authorKind: 'agent', body: `Respuesta ${i}`, sentAt: new Date(Date.now() - inboundAgoMs + (i + 1) * 60_000) });
      return c;
    };
    const capped = await talk(wechat, 'Wei Capped', 2, HOUR);
    const free = await talk(wechat, 'Li Free', 1, HOUR);
    const late = await talk(viber, 'Vera Late', 0, 30 * HOUR);
    for (const kind of ['wechat', 'viber']) {
      const listed = (await (await call(getList, `/api/v1/conversations?channel=${kind}`, {})).json()).data as { id: string; window: unknown }[];
      for (const row of listed) expect(row.window).toEqual((await (await call(getOne, `/api/v1/conversations/${row.id}`, { id: row.id })).json()).window);
    }
    const windowOf = async (id: string) => (await (await call(getOne, `/api/v1/conversations/${id}`, { id })).json()).window;
    expect(await windowOf(capped.id)).toMatchObject({ reason: 'MESSAGE_CAP_REACHED' });
    expect(await windowOf(free.id)).toMatchObject({ state: 'open', reason: null });
    expect((await windowOf(late.id)).state).not.toBe('open');
  });

  it('finds a phone number whatever its formatting, and names a bad filter', async () => {
    const found = await (await call(getList, `/api/v1/conversations?search=${encodeURIComponent('600112233')}`, {})).json();
    expect(found.data.map((c: { contact: { name: string } }) => c.contact.name)).toEqual(['Lucía Fresh']);
    const byText = await (await call(getList, `/api/v1/conversations?search=${encodeURIComponent('soy pedro')}`, {})).json();
    expect(byText.data.map((c: { contact: { name: string } }) => c.contact.name)).toEqual(['Pedro Stale']);
    const bad = await call(getList, '/api/v1/conversations?status=maybe&limit=1000', {});
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(error.message).toMatch(/status/);
    expect(error.message).toMatch(/limit/);
  });

  it("reads one conversation with its closing time; another workspace's id is 404", async () => {
    const response = await call(getOne, `/api/v1/conversations/${fresh.id}`, { id: fresh.id });
    const body = ApiConversation.parse(await response.json());
    expect(body.window.closesAt).not.toBeNull();
    expect(body.deadlines).toEqual([]);
    expect((await call(getOne, `/api/v1/conversations/${foreign.id}`, { id: foreign.id })).status).toBe(404);
    expect((await call(getOne, '/api/v1/conversations/42', { id: '42' })).status).toBe(400);
  });

  it('sends free-form inside the window: 201 with the message, queued for the delivery worker', async () => {
    const response = await call(postMessage, `/api/v1/conversations/${fresh.id}/messages`, { id: fresh.id }, { body: { kind: 'free_form', body: 'Te esperamos el martes' } });
    expect(response.status).toBe(201);
    const message = ApiMessage.parse(await response.json());
    // Answered once stored: the delivery worker hands it to the provider after (issue 15's outbox).
    expect(message).toMatchObject({ direction: 'outbound', kind: 'free_form', status: 'queued', body: 'Te esperamos el martes', error: null, retryable: false });
    await deliverDue(database.db, systemClock);
    const listed = await (await call(getMessages, `/api/v1/conversations/${fresh.id}/messages?limit=1`, { id: fresh.id })).json();
    expect(listed.data[0]).toMatchObject({ id: message.id, status: 'sent' });
    expect(listed.nextCursor).not.toBeNull();
  });

  it('lists a message’s attachments with their fields and REST v1 URLs, in their order', async () => {
    const c = await whatsappConversation(a, 'Ana Files', '+34 600 44 55 66', HOUR);
    const message = await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Mira', sentAt: new Date(Date.now() - 30_000) });
    const storage = localStorage(filesRoot);
    const png = pngImage({ seed: 401 });
    const pdf = Buffer.from('%PDF-1.7\n% rest\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const photo = await attachBytes(database.db, storage, message, { kind: 'image', bytes: png, fileName: 'plano.png', caption: 'El plano', position: 0 });
    const doc = await attachBytes(database.db, storage, message, { kind: 'document', bytes: pdf, position: 1 });
    const listed = await (await call(getMessages, `/api/v1/conversations/${c.id}/messages?limit=1`, { id: c.id })).json();
    expect(listed.data[0].id).toBe(message.id);
    expect(listed.data[0].attachments).toEqual([
      { id: photo.id, kind: 'image', mimeType: 'image/png', size: png.length, fileName: 'plano.png', caption: 'El plano', status: 'ready', url: `/api/v1/files/${photo.id}`, failure: null },
      { id: doc.id, kind: 'document', mimeType: 'application/pdf', size: pdf.length, fileName: null, caption: null, status: 'ready', url: `/api/v1/files/${doc.id}`, failure: null },
    ]);
    ApiMessage.parse(listed.data[0]);
  });

  it('refuses free-form outside the WhatsApp window with 422 and the reason, and stores nothing', async () => {
    const before = await countMessages(stale.id);
    const response = await call(postMessage, `/api/v1/conversations/${stale.id}/messages`, { id: stale.id }, { body: { kind: 'free_form', body: '¿Sigues ahí?' } });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('TEMPLATE_REQUIRED');
    expect(error.message).toMatch(/approved template/);
    const pending = await call(postMessage, `/api/v1/conversations/${stale.id}/messages`, { id: stale.id }, { body: { kind: 'template', templateId: pendingTemplate } });
    expect(pending.status).toBe(422);
    expect(await countMessages(stale.id)).toBe(before);
  });

  it('sends an approved template outside the window, rendered, billed', async () => {
    const missing = await call(postMessage, `/api/v1/conversations/${stale.id}/messages`, { id: stale.id }, { body: { kind: 'template', templateId: approvedTemplate } });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/params\.1/);
    const response = await call(postMessage, `/api/v1/conversations/${stale.id}/messages`, { id: stale.id }, { body: { kind: 'template', templateId: approvedTemplate, params: { '1': 'martes 3' } } });
    expect(response.status).toBe(201);
    const message = ApiMessage.parse(await response.json());
    expect(message.body).toBe('Hola Pedro, te escribimos por tu cita del martes 3.');
    const [row] = await database.db.select().from(messages).where(eq(messages.id, message.id));
    expect(row!.billing).toBe('whatsapp_template');
  });

  it('with "recentReply":"ask", answers 409 RECENT_REPLY to a reply seconds after a colleague\'s, and stores nothing', async () => {
    const c = await whatsappConversation(a, 'Marta Busy', '+34 622 00 00 03', HOUR);
    await addMessage(database.db, c, { direction: 'outbound', authorKind: 'agent', authorId: a.otherAgent.id, body: 'Ya te contesto yo', sentAt: new Date(Date.now() - 5_000) });
    const before = await countMessages(c.id);
    const asked = await call(postMessage, `/api/v1/conversations/${c.id}/messages`, { id: c.id }, { body: { kind: 'free_form', body: 'Hola Marta', recentReply: 'ask' } });
    expect(asked.status).toBe(409);
    expect((await asked.json()).error).toMatchObject({ code: 'RECENT_REPLY', message: expect.stringMatching(/^other replied \d+ s ago/) });
    expect(await countMessages(c.id)).toBe(before);
    // Programs are not asked unless they opt in (SPEC §11 default): the same send goes through.
    const sent = await call(postMessage, `/api/v1/conversations/${c.id}/messages`, { id: c.id }, { body: { kind: 'free_form', body: 'Hola Marta' } });
    expect(sent.status).toBe(201);
    expect(await countMessages(c.id)).toBe(before + 1);
  });

  it("answers 400 naming the field for bad bodies, and 404 for another workspace's conversation", async () => {
    const tagged = await call(postMessage, `/api/v1/conversations/${fresh.id}/messages`, { id: fresh.id }, { body: { kind: 'tagged', tag: 'HUMAN_AGENT', body: 'hola' } });
    expect(tagged.status).toBe(400);
    expect((await tagged.json()).error.message).toMatch(/^tag:/);
    const empty = await call(postMessage, `/api/v1/conversations/${fresh.id}/messages`, { id: fresh.id }, { body: { kind: 'free_form', body: '' } });
    expect((await empty.json()).error.message).toMatch(/^body:/);
    const notJson = await call(postMessage, `/api/v1/conversations/${fresh.id}/messages`, { id: fresh.id }, { body: '{"kind":' });
    expect(notJson.status).toBe(400);
    const other = await call(postMessage, `/api/v1/conversations/${foreign.id}/messages`, { id: foreign.id }, { body: { kind: 'free_form', body: 'hola' } });
    expect(other.status).toBe(404);
    expect(await countMessages(foreign.id)).toBe(1);
  });

  it('names a missing field as required', async () => {
    const snooze = await call(postStatus, `/api/v1/conversations/${fresh.id}/status`, { id: fresh.id }, { body: { status: 'snoozed' } });
    expect(snooze.status).toBe(400);
    expect((await snooze.json()).error).toEqual({ code: 'INVALID_INPUT', message: 'until: required' });
  });

  it('records contact events for admins; 403 for an agent token; 404 across workspaces', async () => {
    const event = { type: 'session.booked', occurredAt: '2026-11-21T10:00:00Z', properties: { sessionId: 's-1' } };
    const ok = await call(postEvent, `/api/v1/contacts/${fresh.contactId}/events`, { id: fresh.contactId }, { body: event });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ type: 'session.booked', occurredAt: '2026-11-21T10:00:00.000Z' });
    const agent = await call(postEvent, `/api/v1/contacts/${fresh.contactId}/events`, { id: fresh.contactId }, { body: event, token: 'rest-a-agent-token' });
    expect(agent.status).toBe(403);
    expect((await call(postEvent, `/api/v1/contacts/${foreign.contactId}/events`, { id: foreign.contactId }, { body: event })).status).toBe(404);
    const bad = await call(postEvent, `/api/v1/contacts/${fresh.contactId}/events`, { id: fresh.contactId }, { body: { type: 'Booked!', occurredAt: 'today' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/type[\s\S]*occurredAt/);
    const nameless = await call(postEvent, `/api/v1/contacts/${fresh.contactId}/events`, { id: fresh.contactId }, { body: { type: 'campaign.sent', occurredAt: '2026-11-21T10:00:00Z' } });
    expect(nameless.status).toBe(400);
    expect((await nameless.json()).error.message).toMatch(/^properties\.name: required for campaign\.sent/);
    const [n] = await database.db.select({ n: count() }).from(contactEvents);
    expect(n!.n).toBe(1);
  });

  it('describes itself in an OpenAPI document generated from the same schemas', async () => {
    const doc = await (await getOpenApi()).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/audit',
      '/api/v1/channels',
      '/api/v1/channels/{id}',
      '/api/v1/channels/{id}/templates/sync',
      '/api/v1/contacts',
      '/api/v1/contacts/{id}',
      '/api/v1/contacts/{id}/events',
      '/api/v1/conversations',
      '/api/v1/conversations/{id}',
      '/api/v1/conversations/{id}/assignee',
      '/api/v1/conversations/{id}/followups',
      '/api/v1/conversations/{id}/messages',
      '/api/v1/conversations/{id}/messages/{messageId}/retry',
      '/api/v1/conversations/{id}/status',
      '/api/v1/files',
      '/api/v1/files/{id}',
      '/api/v1/followups',
      '/api/v1/followups/{id}',
      '/api/v1/invitations',
      '/api/v1/invitations/{id}',
      '/api/v1/invitations/{id}/resend',
      '/api/v1/teams',
      '/api/v1/teams/{id}',
      '/api/v1/templates',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/users/{id}/password-reset',
      '/api/v1/workspace',
    ]);
    expect(Object.keys(doc.components.schemas.Conversation.properties).sort()).toEqual(Object.keys(ApiConversation.shape).sort());
    expect(JSON.stringify(doc.components.schemas.SendMessage)).toContain('"tagged"');
    expect(doc.paths['/api/v1/conversations'].get.parameters.map((p: { name: string }) => p.name)).toContain('search');
    expect(Object.keys(doc.paths['/api/v1/files'].post.requestBody.content)).toEqual(['multipart/form-data']);
    // A message's attachments, as GET …/messages lists them, and the upload ids a send names.
    const attachment = doc.components.schemas.Message.properties.attachments;
    expect(attachment.type).toBe('array');
    expect(attachment.items.properties).toMatchObject({
      id: { type: 'string', format: 'uuid' },
      kind: { enum: ['image', 'audio', 'video', 'document', 'sticker', 'location', 'contact'] },
      mimeType: {},
      size: {},
      fileName: {},
      caption: {},
      status: {},
      url: {},
    });
    expect(attachment.items.required).toEqual(expect.arrayContaining(['id', 'kind', 'mimeType', 'size', 'fileName', 'caption', 'status', 'url']));
    const freeForm = doc.components.schemas.SendMessage.oneOf.find((s: { properties: { kind: { const?: string } } }) => s.properties.kind.const === 'free_form');
    expect(freeForm.properties.attachments).toMatchObject({ type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 10 });
    expect(doc.paths['/api/v1/files/{id}'].get.responses['410'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });
});
