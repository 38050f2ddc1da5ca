import { randomBytes } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { openDatabase, setDatabase, type Database } from '@/db/client';
import { contacts, deadLetters, messages } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { createCaller } from '@/server/router';
import { metaSignature } from './signature';

const encoder = new TextEncoder();

/** Issue 14, point 1: no input loses a message, and a message that can never be stored blocks nothing. */
describe.each(testDatabaseKinds)('webhooks with input PostgreSQL refuses (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `bad${kind}`);
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'telegram', publicId: `bad-tg-${kind}`, name: 'Telegram', secrets: { webhookSecret: 'tg-secret' } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const post = (provider: string, channelId: string, body: string, headers: Record<string, string>) =>
    POST(new Request(`http://test/api/webhooks/${provider}/${channelId}`, { method: 'POST', body, headers }), {
      params: Promise.resolve({ provider, channelId }),
    });
  const whatsapp = (body: string) => post('whatsapp', ws.whatsapp.publicId, body, { 'x-hub-signature-256': metaSignature(encoder.encode(body), `bad${kind}-wa-secret`) });
  const sandbox = (body: string) => post('sandbox', ws.sandbox.publicId, body, { 'x-hub-signature-256': metaSignature(encoder.encode(body), `bad${kind}-secret`) });
  const waMessage = (id: string, from: string, text: string, timestamp = String(Math.floor(Date.now() / 1000))) => ({ from, id, timestamp, type: 'text', text: { body: text } });
  const waBody = (list: unknown[], contactsList: unknown[] = []) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', contacts: contactsList, messages: list } }] }],
    });
  const stored = (ids: string[]) => database.db.select().from(messages).where(inArray(messages.providerMessageId, ids));
  const countRows = async () => ({
    messages: (await database.db.select({ n: count() }).from(messages))[0]!.n,
    contacts: (await database.db.select({ n: count() }).from(contacts))[0]!.n,
    deadLetters: (await database.db.select({ n: count() }).from(deadLetters))[0]!.n,
  });

  it('stores all three messages of a WhatsApp webhook whose second has a NUL, on the first delivery', async () => {
    const body = waBody(
      [waMessage('wamid.nul-1', '34600100001', 'uno'), waMessage('wamid.nul-2', '34600100001', 'do\u0000s'), waMessage('wamid.nul-3', '34600100001', 'tres')],
      [{ profile: { name: 'Nu\u0000la' }, wa_id: '34600100001' }],
    );
    expect(body).toContain('\\u0000');
    const response = await whatsapp(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 3, duplicates: 0, updated: 0 });
    const rows = await stored(['wamid.nul-1', 'wamid.nul-2', 'wamid.nul-3']);
    expect(rows.map((m) => m.body).sort()).toEqual(['dos', 'tres', 'uno']);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.phone, '+34600100001'));
    expect(contact!.name).toBe('Nula');
  });

  it('cleans NULs and unpaired surrogates from a Telegram update', async () => {
    const update = {
      update_id: 77,
      message: { message_id: 9, chat: { id: 990001, type: 'private', first_name: 'Ni\u0000co', last_name: '\ud800' }, date: Math.floor(Date.now() / 1000), text: 'ho\u0000la \ud83d' },
    };
    const response = await post('telegram', `bad-tg-${kind}`, JSON.stringify(update), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'tg-secret' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 1 });
    const [m] = await stored(['990001:9']);
    expect(m!.body).toBe('hola ');
  });

  it.each([
    ['9999-12-31T23:59:59Z', 'far future'],
    ['0000-01-01T00:00:00Z', 'year zero'],
    ['2008-12-31T23:59:59Z', 'before 2009'],
  ])('replaces a provider time of %s (%s) by the arrival time, and flags it', async (timestamp) => {
    const id = `sb-time-${timestamp}`;
    const before = Date.now();
    const response = await sandbox(JSON.stringify({ id, from: { id: `time-${timestamp}` }, text: 'hola', timestamp }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 1 });
    const [m] = await stored([id]);
    expect(m!.sentAtFromArrival).toBe(true);
    expect(m!.sentAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(m!.sentAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('replaces a WhatsApp timestamp of 99999999999999999999 by the arrival time; a sane one is kept unflagged', async () => {
    const response = await whatsapp(waBody([waMessage('wamid.huge-ts', '34600100002', 'hola', '99999999999999999999'), waMessage('wamid.sane-ts', '34600100003', 'hola', '1700000000')]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 2 });
    const [huge] = await stored(['wamid.huge-ts']);
    expect(huge!.sentAtFromArrival).toBe(true);
    expect(Math.abs(huge!.sentAt.getTime() - Date.now())).toBeLessThan(60_000);
    const [sane] = await stored(['wamid.sane-ts']);
    expect(sane).toMatchObject({ sentAtFromArrival: false, sentAt: new Date(1_700_000_000_000) });
    // The thread (and REST, which is the same view) says which time is a guess.
    const admin = createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.admin });
    const shown = async (id: string) => {
      const row = (await stored([id]))[0]!;
      return (await admin.messages.thread({ conversationId: row.conversationId })).data.find((m) => m.id === row.id);
    };
    expect(await shown('wamid.huge-ts')).toMatchObject({ sentAtFromArrival: true });
    expect(await shown('wamid.sane-ts')).toMatchObject({ sentAtFromArrival: false });
  });

  it('keeps a message that can never be stored as a dead letter, stores the others and answers 200; admins read it', async () => {
    // Past PostgreSQL's limit for one index entry: no retry can ever store it.
    const hugeId = `wamid.${randomBytes(12_000).toString('hex')}`;
    const body = waBody([waMessage('wamid.dl-1', '34600100004', 'antes'), waMessage(hugeId, '34600100004', 'imposible'), waMessage('wamid.dl-3', '34600100004', 'después')]);
    const response = await whatsapp(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 2, duplicates: 0, updated: 0, deadLettered: 1 });
    expect((await stored(['wamid.dl-1', 'wamid.dl-3'])).map((m) => m.body).sort()).toEqual(['antes', 'después']);
    const [letter] = await database.db.select().from(deadLetters).where(eq(deadLetters.channelId, ws.whatsapp.id));
    expect(Buffer.from(letter!.payload).toString('utf8')).toBe(body);
    expect(letter!.failures).toHaveLength(1);
    expect(letter!.failures[0]!.providerMessageId).toBe(hugeId.slice(0, 200));
    expect(letter!.failures[0]!.reason).toMatch(/index row|exceeds/);

    const admin = createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.admin });
    const list = await admin.deadLetters.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: letter!.id, channel: { name: 'WhatsApp', kind: 'whatsapp' }, payload: body });
    const agent = createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.agent });
    await expect(agent.deadLetters.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The same webhook again is no longer a failure anyone retries: the two good ones are duplicates.
    expect(await (await whatsapp(body)).json()).toMatchObject({ stored: 0, duplicates: 2 });
  });

  it('answers 413 naming the limit to a webhook of more than 100 messages, and writes nothing', async () => {
    const before = await countRows();
    const list = Array.from({ length: 101 }, (_, i) => waMessage(`wamid.bulk-${i}`, `3460020${String(i).padStart(4, '0')}`, 'hola'));
    const response = await whatsapp(waBody(list));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'messages: at most 100 messages and statuses per request, got 101' } });
    expect(await countRows()).toEqual(before);
    // 100 is within the bound (statuses of messages we never sent: quick, and they change nothing).
    const statuses = Array.from({ length: 100 }, (_, i) => ({ id: `wamid.unknown-${i}`, status: 'delivered', timestamp: '1700000000' }));
    const bounded = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses } }] }] });
    expect(await (await whatsapp(bounded)).json()).toEqual({ stored: 0, duplicates: 0, updated: 0 });
  });
});

describe('a webhook while the database is down', () => {
  it('answers 503, which the provider retries, instead of a dead letter or a 200', async () => {
    const database = await openDatabase({ dataDir: null });
    await database.migrate();
    const ws = await createTestWorkspace(database.db, 'down');
    setDatabase(database);
    await database.close();
    const body = JSON.stringify({ id: 'down-1', from: { id: 'down' }, text: 'hola', timestamp: new Date().toISOString() });
    const response = await POST(
      new Request(`http://test/api/webhooks/sandbox/${ws.sandbox.publicId}`, { method: 'POST', body, headers: { 'x-hub-signature-256': metaSignature(encoder.encode(body), 'down-secret') } }),
      { params: Promise.resolve({ provider: 'sandbox', channelId: ws.sandbox.publicId }) },
    );
    setDatabase(undefined);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });
});
