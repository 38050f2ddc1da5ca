import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST, GET } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contacts, conversations, messages } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingestLimits } from './ingest-gate';
import { metaSignature } from './signature';
import { MAX_WEBHOOK_BYTES } from './webhook';
import { fixtureText } from './testdata/load';

const encoder = new TextEncoder();

describe.each(testDatabaseKinds)('webhook ingest (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, 'hook');
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const post = (provider: string, channelId: string, body: string, headers: Record<string, string> = {}) =>
    POST(new Request(`http://test/api/webhooks/${provider}/${channelId}`, { method: 'POST', body, headers }), {
      params: Promise.resolve({ provider, channelId }),
    });
  const signed = (body: string, secret: string) => ({ 'x-hub-signature-256': metaSignature(encoder.encode(body), secret) });
  const sandboxBody = (id: string, fromId: string, text = 'Hola') =>
    JSON.stringify({ id, from: { id: fromId, name: 'Lucía' }, text, timestamp: '2026-11-20T10:00:00Z' });
  const countRows = async () => {
    const [m] = await database.db.select({ n: count() }).from(messages);
    const [c] = await database.db.select({ n: count() }).from(contacts);
    return { messages: m!.n, contacts: c!.n };
  };

  it('stores a signed message: a new contact gets a contact, a conversation and the message', async () => {
    const body = sandboxBody('m-1', '+34600000001', 'Hola, quiero información');
    const response = await post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-secret'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 1, duplicates: 0, updated: 0 });
    const [row] = await database.db
      .select({ m: messages, c: conversations })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(messages.providerMessageId, 'm-1'));
    expect(row!.m).toMatchObject({ direction: 'inbound', authorKind: 'contact', body: 'Hola, quiero información' });
    // The provider's timestamp, not the arrival time, is what the window runs from.
    expect(row!.c.lastInboundAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(row!.c.status).toBe('open');
  });

  it('stores a redelivered provider message id once', async () => {
    const body = sandboxBody('m-dup', '+34600000002');
    const first = await post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-secret'));
    const before = await countRows();
    const again = await post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-secret'));
    expect(await first.json()).toMatchObject({ stored: 1 });
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await countRows()).toEqual(before);
  });

  it('answers 401 to an unsigned or forged request and writes nothing', async () => {
    const before = await countRows();
    const body = sandboxBody('m-forged', '+34600000003');
    expect((await post('sandbox', ws.sandbox.publicId, body)).status).toBe(401);
    expect((await post('sandbox', ws.sandbox.publicId, body, signed(body, 'not-the-secret'))).status).toBe(401);
    // A whatsapp-signed body posted to the sandbox channel is forged there.
    expect((await post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-wa-secret'))).status).toBe(401);
    expect(await countRows()).toEqual(before);
  });

  it('answers 400 naming the problem for bad JSON or a bad shape, and writes nothing', async () => {
    const before = await countRows();
    const broken = '{"id": ';
    const r1 = await post('sandbox', ws.sandbox.publicId, broken, signed(broken, 'hook-secret'));
    expect(r1.status).toBe(400);
    expect(await r1.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'body: not valid JSON' } });
    const wrong = JSON.stringify({ id: 'x', from: { id: '1' }, text: '', timestamp: 'yesterday' });
    const r2 = await post('sandbox', ws.sandbox.publicId, wrong, signed(wrong, 'hook-secret'));
    expect(r2.status).toBe(400);
    const { error } = (await r2.json()) as { error: { message: string } };
    expect(error.message).toMatch(/text/);
    expect(error.message).toMatch(/timestamp/);
    expect(await countRows()).toEqual(before);
  });

  it('answers 413 to a body over 1 MB, and 404 to an unknown channel or provider', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect((await post('sandbox', ws.sandbox.publicId, big, signed(big, 'hook-secret'))).status).toBe(413);
    const body = sandboxBody('m-404', '+34600000004');
    expect((await post('sandbox', 'nope', body, signed(body, 'hook-secret'))).status).toBe(404);
    expect((await post('carrier-pigeon', ws.sandbox.publicId, body, signed(body, 'hook-secret'))).status).toBe(404);
    // A sandbox channel is not a WhatsApp channel.
    expect((await post('whatsapp', ws.sandbox.publicId, body, signed(body, 'hook-secret'))).status).toBe(404);
  });

  it('reopens a closed or snoozed conversation when the contact writes', async () => {
    for (const status of ['closed', 'snoozed'] as const) {
      const externalId = `+3461${status.length}000000`;
      const contact = await createContact(database.db, {
        workspaceId: ws.workspace.id,
        name: `Known ${status}`,
        identity: { channelId: ws.sandbox.id, externalId },
      });
      const conversation = await createConversation(database.db, {
        workspaceId: ws.workspace.id,
        channelId: ws.sandbox.id,
        contactId: contact.id,
        status,
        snoozedUntil: status === 'snoozed' ? new Date('2030-01-01T09:00:00Z') : null,
      });
      const body = sandboxBody(`m-reopen-${status}`, externalId);
      expect((await post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-secret'))).status).toBe(200);
      const [after] = await database.db.select().from(conversations).where(eq(conversations.id, conversation.id));
      expect(after).toMatchObject({ status: 'open', snoozedUntil: null });
    }
  });

  it("keeps a blocked contact's message without reopening the conversation", async () => {
    const contact = await createContact(database.db, {
      workspaceId: ws.workspace.id,
      name: 'Blocked',
      blocked: true,
      identity: { channelId: ws.sandbox.id, externalId: '+34699999999' },
    });
    const conversation = await createConversation(database.db, {
      workspaceId: ws.workspace.id,
      channelId: ws.sandbox.id,
      contactId: contact.id,
      status: 'closed',
    });
    const body = sandboxBody('m-blocked', '+34699999999');
    expect((await post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-secret'))).status).toBe(200);
    const [after] = await database.db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(after).toMatchObject({ status: 'closed', lastInboundAt: null });
    const stored = await database.db.select().from(messages).where(eq(messages.providerMessageId, 'm-blocked'));
    expect(stored).toHaveLength(1);
  });

  it('ingests the real WhatsApp payloads: a message, then delivery statuses of our own message', async () => {
    const body = fixtureText('whatsapp_inbound_text.jsonc');
    const response = await post('whatsapp', ws.whatsapp.publicId, body, signed(body, 'hook-wa-secret'));
    expect(await response.json()).toEqual({ stored: 1, duplicates: 0, updated: 0 });
    const [identityContact] = await database.db.select().from(contacts).where(eq(contacts.name, 'Kerry Fisher'));
    expect(identityContact).toMatchObject({ phone: '+5678' });

    // Our outbound message with the provider id the status fixtures refer to.
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.contactId, identityContact!.id));
    const ours = await addMessage(database.db, conversation!, {
      direction: 'outbound',
      authorKind: 'agent',
      body: 'Hi Kerry',
      status: 'sent',
      providerMessageId: 'wamid.xyzxyz',
      sentAt: new Date(),
    });
    const delivered = fixtureText('whatsapp_status_delivered.jsonc');
    const r1 = await post('whatsapp', ws.whatsapp.publicId, delivered, signed(delivered, 'hook-wa-secret'));
    expect(await r1.json()).toMatchObject({ updated: 1 });
    const failed = fixtureText('whatsapp_status_failed.jsonc').replace('"external_id"', '"wamid.xyzxyz"').replace('131014', '131047');
    const r2 = await post('whatsapp', ws.whatsapp.publicId, failed, signed(failed, 'hook-wa-secret'));
    expect(await r2.json()).toMatchObject({ updated: 1 });
    const [after] = await database.db.select().from(messages).where(eq(messages.id, ours.id));
    expect(after).toMatchObject({ status: 'failed', errorCode: 'whatsapp.131047' });
    // A late `delivered` never moves a message backwards.
    const r3 = await post('whatsapp', ws.whatsapp.publicId, delivered, signed(delivered, 'hook-wa-secret'));
    expect(await r3.json()).toMatchObject({ updated: 0 });
  });

  it("takes Messenger and Instagram messages; Meta's echoes of our own never count as the contact writing", async () => {
    const messenger = await createChannel(database.db, {
      workspaceId: ws.workspace.id,
      kind: 'messenger',
      publicId: 'hook-fb',
      name: 'Messenger',
      secrets: { appSecret: 'hook-meta' },
    });
    const inbound = fixtureText('messenger_inbound_text.jsonc');
    expect(await (await post('messenger', 'hook-fb', inbound, signed(inbound, 'hook-meta'))).json()).toMatchObject({ stored: 1 });
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.channelId, messenger.id));
    expect(conversation!.lastInboundAt?.toISOString()).toBe(new Date(1459991487970).toISOString());

    // An echo an hour later: stored as our outbound message, the window still runs from the contact's message.
    const echo = fixtureText('messenger_echo.jsonc').replace('1459991487970', String(1459991487970 + 3_600_000));
    expect(await (await post('messenger', 'hook-fb', echo, signed(echo, 'hook-meta'))).json()).toMatchObject({ stored: 1 });
    const [after] = await database.db.select().from(conversations).where(eq(conversations.id, conversation!.id));
    expect(after!.lastInboundAt?.toISOString()).toBe(new Date(1459991487970).toISOString());
    expect(after!.lastOutboundAt?.toISOString()).toBe(new Date(1459991487970 + 3_600_000).toISOString());
    const [echoed] = await database.db.select().from(messages).where(eq(messages.providerMessageId, 'qT7ywaK'));
    expect(echoed).toMatchObject({ direction: 'outbound', authorKind: 'agent', status: 'sent' });

    // A tap on a button is the contact acting.
    const postback = fixtureText('messenger_postback.jsonc');
    expect(await (await post('messenger', 'hook-fb', postback, signed(postback, 'hook-meta'))).json()).toMatchObject({ stored: 1 });

    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'instagram', publicId: 'hook-instagram', name: 'IG', secrets: { appSecret: 'hook-meta' } });
    const ig = fixtureText('instagram_inbound_text.jsonc');
    expect(await (await post('instagram', 'hook-instagram', ig, signed(ig, 'hook-meta'))).json()).toMatchObject({ stored: 1 });
    // A Messenger payload posted to the Instagram channel is malformed there.
    expect((await post('instagram', 'hook-instagram', inbound, signed(inbound, 'hook-meta'))).status).toBe(400);
  });

  it('ingests a few webhooks at a time; past its queue it answers 503 with Retry-After, keeps nothing of those, and takes them redelivered', async () => {
    // Bodies of nearly 1 MB (JSON's own whitespace after the message) fill the queue's bytes quickly.
    const { running, waitingBytes } = ingestLimits[kind];
    const padded = (body: string) => body + ' '.repeat(MAX_WEBHOOK_BYTES - Buffer.byteLength(body));
    const bodies = Array.from({ length: running + Math.ceil(waitingBytes / MAX_WEBHOOK_BYTES) + 10 }, (_, i) =>
      padded(sandboxBody(`gate-${i}`, '+34600000777', `en cola ${i}`)),
    );
    const send = (body: string) => post('sandbox', ws.sandbox.publicId, body, signed(body, 'hook-secret'));
    const answers = await Promise.all(bodies.map(send));
    const refused = bodies.filter((_, i) => answers[i]!.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(bodies.length - refused.length);
    const first = answers.find((a) => a.status === 503)!;
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toMatchObject({ error: { code: 'UNAVAILABLE', retryAfter: 1 } });
    const stored = () => database.db.select({ n: count() }).from(messages).where(like(messages.providerMessageId, 'gate-%'));
    expect((await stored())[0]!.n).toBe(bodies.length - refused.length);
    for (const body of refused) expect((await send(body)).status).toBe(200);
    expect((await stored())[0]!.n).toBe(bodies.length);
  });

  it('answers the WhatsApp subscription handshake only with the right verify token', async () => {
    const get = (token: string) =>
      GET(
        new Request(
          `http://test/api/webhooks/whatsapp/${ws.whatsapp.publicId}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=987`,
        ),
        { params: Promise.resolve({ provider: 'whatsapp', channelId: ws.whatsapp.publicId }) },
      );
    const ok = await get('hook-verify');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('987');
    expect((await get('wrong')).status).toBe(403);
  });
});
