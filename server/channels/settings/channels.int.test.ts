import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteOne, GET as getOne, PATCH as patchOne } from '@/app/api/v1/channels/[id]/route';
import { GET as getList, POST as postChannel } from '@/app/api/v1/channels/route';
import { POST as postMessage } from '@/app/api/v1/conversations/[id]/messages/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { POST as postWebhook } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { channels, conversations, messages } from '@/db/schema';
import { addMessage, createApiToken, createContact, createConversation, createUser } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { setDeliveryWake } from '@/server/app/delivery-wake';
import { toSessionUser } from '@/server/auth/session';
import { systemClock } from '@/server/clock';
import { config } from '@/server/env';
import { deliverDue, deliveriesOf } from '@/server/messages/testing';
import { createCaller } from '@/server/router';
import { metaSignature } from '../signature';
import { ApiChannel } from './schemas';

type Handler<P> = (request: Request, route: { params: Promise<P> }) => Promise<Response>;

const SECRET = 'sandbox-secret-that-must-never-come-back-0042';
const REPLACEMENT = 'replacement-secret-never-shown-again-9917';

describe.each(testDatabaseKinds)('channels: REST and tRPC (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const answers: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, 'chan-a');
    b = await createTestWorkspace(database.db, 'chan-b');
    const manager = await createUser(database.db, { workspaceId: a.workspace.id, email: 'manager@chan-a.test', name: 'Manager', role: 'manager' });
    await createApiToken(database.db, { workspaceId: a.workspace.id, userId: manager.id, name: 'manager', token: 'chan-a-manager-token' });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  /** Calls a route handler as Next.js would; every answer's text is kept to look for secrets in. */
  async function call<P>(handler: Handler<P>, url: string, params: P, init: { method?: string; token?: string; body?: unknown } = {}) {
    const response = await handler(
      new Request(`http://test${url}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${init.token ?? 'chan-a-manager-token'}`, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
      { params: Promise.resolve(params) },
    );
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  const create = (body: unknown, token?: string) => call(postChannel, '/api/v1/channels', {}, { body, token });
  const patch = (id: string, body: unknown, token?: string) => call(patchOne, `/api/v1/channels/${id}`, { id }, { method: 'PATCH', body, token });
  const remove = (id: string, query = '', token?: string) => call(deleteOne, `/api/v1/channels/${id}${query}`, { id }, { method: 'DELETE', token });
  const channelCount = async () => (await database.db.select({ n: count() }).from(channels))[0]!.n;
  const sandbox = (name: string, appSecret = SECRET) => ({ kind: 'sandbox', name, credentials: { appSecret } });

  /** A conversation of a contact who wrote on the channel, and a reply sent into it through REST. */
  async function replyOn(channelId: string, contactName: string) {
    const contact = await createContact(database.db, { workspaceId: a.workspace.id, name: contactName, identity: { channelId, externalId: contactName } });
    const c = await createConversation(database.db, { workspaceId: a.workspace.id, channelId, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date(Date.now() - 60_000) });
    const sent = await call(postMessage, `/api/v1/conversations/${c.id}/messages`, { id: c.id }, { body: { kind: 'free_form', body: `Hola ${contactName}` }, token: 'chan-a-admin-token' });
    expect(sent.status).toBe(201);
    return { conversationId: c.id, messageId: sent.body.id as string };
  }
  const statusOf = async (messageId: string) => (await database.db.select({ status: messages.status }).from(messages).where(eq(messages.id, messageId)))[0]!.status;

  it.each([
    ['whatsapp with missing and malformed ids', { kind: 'whatsapp', name: 'WA', credentials: { accessToken: 'EAAG', phoneNumberId: '12ab', appSecret: 's' } }, ['credentials.phoneNumberId: digits only', 'credentials.wabaId: required']],
    ['messenger with a page id that is not a number', { kind: 'messenger', name: 'FB', credentials: { pageId: 'my-page', pageAccessToken: 't', appSecret: 's' } }, ['credentials.pageId: digits only']],
    ['instagram without its token', { kind: 'instagram', name: 'IG', credentials: { accountId: '178', appSecret: 's' } }, ['credentials.accessToken: required']],
    ['sms without naming twilio', { kind: 'sms', name: 'SMS', credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: 't', from: '+15550001' } }, ['provider: sms channels go through twilio']],
    [
      'twilio with a bad account SID and two senders',
      { kind: 'sms', provider: 'twilio', name: 'SMS', credentials: { accountSid: 'AC123', authToken: 't', from: '+15550001', messagingServiceSid: `MG${'b'.repeat(32)}` } },
      ['credentials.accountSid: AC followed by 32 hexadecimal characters', 'credentials.from: give a sender number or a messagingServiceSid, not both'],
    ],
    [
      'twilio with an alphanumeric sender id that is too long',
      { kind: 'sms', provider: 'twilio', name: 'SMS', credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: 't', from: 'CLINIC' }, settings: { senderId: 'CLINIC CENTRAL' } },
      ['settings.senderId: an alphanumeric sender id'],
    ],
    ['telegram with a malformed bot token', { kind: 'telegram', name: 'TG', credentials: { botToken: 'not-a-token' } }, ['credentials.botToken: the form is 123456:ABC-DEF']],
    ['telegram named with another provider', { kind: 'telegram', provider: 'twilio', name: 'TG', credentials: { botToken: '123:ABC' } }, ['provider: telegram channels go through telegram']],
    ['line without its channel secret', { kind: 'line', name: 'LINE', credentials: { channelAccessToken: 't' } }, ['credentials.channelSecret: required']],
    ['viber with a sender name past its limit', { kind: 'viber', name: 'Viber', credentials: { authToken: 't' }, settings: { senderName: 'x'.repeat(29) } }, ['settings.senderName: at most 28 characters']],
    ['wechat with a bad server token and message cap', { kind: 'wechat', name: 'WeChat', credentials: { appId: 'wx1', appSecret: 's', token: 'a b' }, settings: { wechatMessageCap: 50 } }, ['credentials.token: 3 to 32 letters and digits', 'settings.wechatMessageCap: at most 20']],
    ['sandbox with a field of another provider', { kind: 'sandbox', name: 'S', credentials: { appSecret: 's', botToken: '1:A' } }, ['credentials: Unrecognized key: "botToken"']],
    ['a setting of another kind', { kind: 'sandbox', name: 'S', credentials: { appSecret: 's' }, settings: { senderId: 'CLINIC' } }, ['settings: Unrecognized key: "senderId"']],
    ['an empty name', { kind: 'sandbox', name: '  ', credentials: { appSecret: 's' } }, ['name: name the channel']],
    ['web chat, not connected here', { kind: 'webchat', name: 'Web', credentials: {} }, ['kind: one of whatsapp']],
  ])('refuses %s with 400 naming the field, and saves nothing', async (_what, body, fields) => {
    const before = await channelCount();
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_INPUT');
    for (const field of fields) expect(answer.body.error.message).toContain(field);
    expect(await channelCount()).toBe(before);
  });

  it('connects a channel: 201 in the contract shape, credentials masked, secret sealed at rest and in no answer', async () => {
    const answer = await create(sandbox('Pruebas'));
    expect(answer.status).toBe(201);
    const channel = ApiChannel.parse(answer.body);
    expect(Object.keys(answer.body).sort()).toEqual(['credentials', 'id', 'kind', 'name', 'provider', 'publicId', 'settings', 'state', 'stateReason', 'webhookUrl']);
    expect(channel).toMatchObject({ kind: 'sandbox', provider: 'sandbox', name: 'Pruebas', state: 'connected', stateReason: null, settings: {} });
    expect(channel.credentials).toEqual({ appSecret: '••••0042' });
    expect(channel.webhookUrl).toBe(`${config().PUBLIC_URL}/api/webhooks/sandbox/${channel.publicId}`);
    // Unguessable: long and random, never the same twice.
    const other = ApiChannel.parse((await create(sandbox('Pruebas 2'))).body);
    expect(channel.publicId).toMatch(/^sandbox-[\w-]{20,}$/);
    expect(other.publicId).not.toBe(channel.publicId);
    // Stored as given, sealed in its column.
    const [row] = await database.db.select().from(channels).where(eq(channels.id, channel.id));
    expect(row!.secrets).toEqual({ appSecret: SECRET });
    const raw = await database.db.execute<{ secrets: string }>(sql`select secrets from channels where id = ${channel.id}`);
    expect(JSON.stringify(raw)).not.toContain(SECRET);

    await call(getList, '/api/v1/channels', {});
    await call(getOne, `/api/v1/channels/${channel.id}`, { id: channel.id });
    await patch(channel.id, { name: 'Pruebas (renamed)' });
    const replaced = await patch(channel.id, { credentials: { appSecret: REPLACEMENT } });
    expect(replaced.body.credentials).toEqual({ appSecret: '••••9917' });
    const [after] = await database.db.select().from(channels).where(eq(channels.id, channel.id));
    expect(after!.secrets).toEqual({ appSecret: REPLACEMENT });
    await call(getList, '/api/v1/channels', {});
    for (const text of answers) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(REPLACEMENT);
    }
  });

  it('never shows a stored secret of any provider: only the last four characters of each credential, and Meta’s verify token', async () => {
    const { body } = await call(getList, '/api/v1/channels', {});
    const list = (body.data as unknown[]).map((c) => ApiChannel.parse(c));
    const whatsapp = list.find((c) => c.id === a.whatsapp.id)!;
    expect(whatsapp).toMatchObject({ kind: 'whatsapp', credentials: { appSecret: '••••cret' }, verifyToken: 'chan-a-verify', webhookUrl: `${config().PUBLIC_URL}/api/webhooks/whatsapp/chan-a-whatsapp` });
    expect(JSON.stringify(body)).not.toContain('chan-a-wa-secret');
    expect(JSON.stringify(body)).not.toContain('chan-a-secret');
    // Only this workspace's channels.
    expect(list.map((c) => c.id)).not.toContain(b.sandbox.id);
  });

  it('a channel connected through the API receives at the webhook URL it shows, and its replies are delivered', async () => {
    const channel = ApiChannel.parse((await create(sandbox('Recepción', 'reception-secret'))).body);
    const [, provider, publicId] = new URL(channel.webhookUrl!).pathname.match(/^\/api\/webhooks\/([^/]+)\/([^/]+)$/)!;
    const payload = JSON.stringify({ id: 'in-1', from: { id: 'lucia', name: 'Lucía' }, text: 'Hola, ¿tenéis hueco?', timestamp: new Date().toISOString() });
    const hook = await postWebhook(
      new Request(channel.webhookUrl!, { method: 'POST', body: payload, headers: { 'x-hub-signature-256': metaSignature(new TextEncoder().encode(payload), 'reception-secret') } }),
      { params: Promise.resolve({ provider: provider!, channelId: publicId! }) },
    );
    expect(hook.status).toBe(200);
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.channelId, channel.id));
    const sent = await call(postMessage, `/api/v1/conversations/${conversation!.id}/messages`, { id: conversation!.id }, { body: { kind: 'free_form', body: 'Sí, el jueves' }, token: 'chan-a-admin-token' });
    expect(sent.body.status).toBe('queued');
    await deliverDue(database.db, systemClock);
    expect(await statusOf(sent.body.id)).toBe('sent');
    expect(await deliveriesOf(database.db, conversation!.id)).toBe(1);
  });

  it('answers 403 to agents on every channel route, before reading the body', async () => {
    const token = 'chan-a-agent-token';
    expect((await call(getList, '/api/v1/channels', {}, { token })).status).toBe(403);
    const refused = await create({ kind: 'nonsense' }, token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await call(getOne, `/api/v1/channels/${a.sandbox.id}`, { id: a.sandbox.id }, { token })).status).toBe(403);
    expect((await patch(a.sandbox.id, { state: 'disabled' }, token)).status).toBe(403);
    expect((await remove(a.sandbox.id, '', token)).status).toBe(403);
    const [row] = await database.db.select().from(channels).where(eq(channels.id, a.sandbox.id));
    expect(row!.state).toBe('connected');
    await expect(createCaller({ db: database.db, clock: systemClock, user: a.agent }).channels.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createCaller({ db: database.db, clock: systemClock, user: a.supervisor }).channels.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("answers 404 for another workspace's channel on GET, PATCH and DELETE, and changes nothing", async () => {
    const id = b.sandbox.id;
    expect((await call(getOne, `/api/v1/channels/${id}`, { id })).status).toBe(404);
    expect((await patch(id, { name: 'Mine now', state: 'disabled' })).status).toBe(404);
    expect((await remove(id, '?deleteConversations=true')).status).toBe(404);
    const [row] = await database.db.select().from(channels).where(eq(channels.id, id));
    expect(row).toMatchObject({ name: 'Sandbox', state: 'connected' });
    expect((await call(getOne, '/api/v1/channels/not-an-id', { id: 'not-an-id' })).body.error.message).toBe('id: not a channel id');
  });

  it('replaces only the credentials given, validating what the channel then holds, and saves nothing when it does not add up', async () => {
    // The test WhatsApp channel holds an app secret only: an access token alone leaves the ids missing.
    const answer = await patch(a.whatsapp.id, { credentials: { accessToken: 'EAAG-new-token' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('credentials.phoneNumberId: required');
    expect(answer.body.error.message).toContain('credentials.wabaId: required');
    expect(answer.body.error.message).not.toContain('appSecret');
    expect((await patch(a.whatsapp.id, { credentials: { webhookSecret: 'x' } })).body.error.message).toContain('credentials: Unrecognized key: "webhookSecret"');
    const [row] = await database.db.select().from(channels).where(eq(channels.id, a.whatsapp.id));
    expect(row!.secrets).toEqual({ appSecret: 'chan-a-wa-secret', verifyToken: 'chan-a-verify' });
  });

  it('refuses a bad PATCH naming the field', async () => {
    const id = a.sandbox.id;
    expect((await patch(id, {})).body.error.message).toContain('give at least one of name, state, settings, credentials');
    expect((await patch(id, { state: 'needs_attention' })).body.error.message).toContain('state:');
    expect((await patch(id, { settings: { wechatMessageCap: 3 } })).body.error.message).toContain('settings: Unrecognized key: "wechatMessageCap"');
    expect((await patch(id, { name: '' })).body.error.message).toContain('name: name the channel');
    expect((await patch(id, { credentials: { appSecret: '' } })).body.error.message).toContain('credentials.appSecret: required');
  });

  it('changes and removes settings by key', async () => {
    const [wechat] = await database.db
      .insert(channels)
      .values({ workspaceId: a.workspace.id, kind: 'wechat', provider: 'wechat', publicId: 'chan-a-wechat', name: 'WeChat', secrets: { token: 'tok' }, settings: { wechatMessageCap: 5, delivery: 'record' } })
      .returning();
    const capped = await patch(wechat!.id, { settings: { wechatMessageCap: 20 } });
    expect(capped.body.settings).toEqual({ wechatMessageCap: 20, delivery: 'record' });
    expect((await patch(wechat!.id, { settings: { wechatMessageCap: 2.5 } })).body.error.message).toContain('settings.wechatMessageCap: a whole number');
    const removed = await patch(wechat!.id, { settings: { wechatMessageCap: null } });
    expect(removed.body.settings).toEqual({ delivery: 'record' });
  });

  it('disabling holds the channel’s queued messages; enabling it lets them go and wakes the delivery worker', async () => {
    const channel = ApiChannel.parse((await create(sandbox('Pausable'))).body);
    const disabled = await patch(channel.id, { state: 'disabled' });
    expect(disabled.body).toMatchObject({ state: 'disabled', stateReason: null });
    const { conversationId, messageId } = await replyOn(channel.id, 'paused-contact');
    await deliverDue(database.db, systemClock);
    expect(await statusOf(messageId)).toBe('queued');
    expect(await deliveriesOf(database.db, conversationId)).toBe(0);

    let woken = 0;
    setDeliveryWake(() => woken++);
    try {
      expect((await patch(channel.id, { name: 'Pausable (on)' })).status).toBe(200);
      expect(woken).toBe(0);
      const enabled = await patch(channel.id, { state: 'connected' });
      expect(enabled.body.state).toBe('connected');
      expect(woken).toBe(1);
    } finally {
      setDeliveryWake(undefined);
    }
    await deliverDue(database.db, systemClock);
    expect(await statusOf(messageId)).toBe('sent');
    expect(await deliveriesOf(database.db, conversationId)).toBe(1);
  });

  it("shows why a channel needs attention; replacing its credentials connects it again and its held queue goes", async () => {
    const channel = ApiChannel.parse((await create(sandbox('Caducado'))).body);
    const { conversationId, messageId } = await replyOn(channel.id, 'held-contact');
    // What the delivery worker does on a token error (server/messages/outbox.ts).
    await database.db.update(channels).set({ state: 'needs_attention', stateReason: 'Error validating access token: Session has expired' }).where(eq(channels.id, channel.id));
    const shown = await call(getOne, `/api/v1/channels/${channel.id}`, { id: channel.id });
    expect(shown.body).toMatchObject({ state: 'needs_attention', stateReason: 'Error validating access token: Session has expired' });
    await deliverDue(database.db, systemClock);
    expect(await statusOf(messageId)).toBe('queued');

    const renamed = await patch(channel.id, { name: 'Caducado (renamed)' });
    expect(renamed.body.state).toBe('needs_attention');
    const fixed = await patch(channel.id, { credentials: { appSecret: 'a-fresh-secret-1234' } });
    expect(fixed.body).toMatchObject({ state: 'connected', stateReason: null, credentials: { appSecret: '••••1234' } });
    await deliverDue(database.db, systemClock);
    expect(await statusOf(messageId)).toBe('sent');
    expect(await deliveriesOf(database.db, conversationId)).toBe(1);
  });

  it('deletes a channel without conversations; one with conversations only when told to delete them too', async () => {
    const empty = ApiChannel.parse((await create(sandbox('Vacío'))).body);
    expect((await remove(empty.id)).status).toBe(204);
    expect(await database.db.select().from(channels).where(eq(channels.id, empty.id))).toEqual([]);
    expect((await remove(empty.id)).status).toBe(404);

    const busy = ApiChannel.parse((await create(sandbox('Con historia'))).body);
    const { conversationId } = await replyOn(busy.id, 'history-contact');
    const refused = await remove(busy.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', conversations: 1 });
    expect(refused.body.error.message).toContain('deleteConversations=true');
    expect((await remove(busy.id, '?deleteConversations=maybe')).body.error.message).toContain('deleteConversations: true or false');
    expect(await database.db.select().from(conversations).where(eq(conversations.id, conversationId))).toHaveLength(1);

    expect((await remove(busy.id, '?deleteConversations=true')).status).toBe(204);
    expect(await database.db.select().from(conversations).where(eq(conversations.id, conversationId))).toEqual([]);
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, conversationId))).toEqual([]);
  });

  it('the settings page’s tRPC procedures run the same service', async () => {
    const manager = toSessionUser((await database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'manager@chan-a.test') }))!);
    const caller = createCaller({ db: database.db, clock: systemClock, user: manager });
    const created = await caller.channels.create({ kind: 'sandbox', name: 'Desde la página', credentials: { appSecret: 'page-secret-5678' } });
    expect(created).toMatchObject({ state: 'connected', credentials: { appSecret: '••••5678' } });
    expect((await caller.channels.list()).map((c) => c.id)).toContain(created.id);
    await expect(caller.channels.create({ kind: 'telegram', name: 'TG', credentials: { botToken: 'nope' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('the form is 123456:ABC-DEF'),
    });
    expect(await caller.channels.update({ channelId: created.id, changes: { state: 'disabled' } })).toMatchObject({ state: 'disabled' });
    await expect(caller.channels.get({ channelId: b.sandbox.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await caller.channels.delete({ channelId: created.id });
    await expect(caller.channels.get({ channelId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('documents the channel routes in the OpenAPI document', async () => {
    const doc = await (await getOpenApi()).json();
    expect(Object.keys(doc.paths['/api/v1/channels']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/channels/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/api/v1/channels'].post.responses['422'].description).toContain('PROVIDER_REJECTED');
    const kinds = doc.components.schemas.CreateChannel.oneOf.map((s: { properties: { kind: { const: string } } }) => s.properties.kind.const);
    expect(kinds).toEqual(['whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'line', 'viber', 'wechat', 'sandbox']);
  });
});
