import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { channels, messages, notifications, outbox } from '@/db/schema';
import { createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { sendMessage } from '@/server/messages/send';
import { deliverDue } from '@/server/messages/testing';
import { explainFailure } from '../../provider-errors';
import { callProvider } from '../../provider-http';
import { metaSignature } from '../../signature';
import { receiveWebhook } from '../../webhook';
import { startMetaFake, type MetaFake } from '../meta-fake';
import { metaErrorTitles, whatsappErrorDetails } from '../meta-fake-rules';
import { whatsappOutbound } from './outbound';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const number = { phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'EAAwa-test-token' };

describe.each(testDatabaseKinds)('WhatsApp Cloud API delivery against a fake Graph API (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: MetaFake;
  const now = new Date('2026-11-20T12:00:00Z');
  const clock: Clock = { now: () => now };
  let channelCount = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `wa-out-${kind}`);
    fake = await startMetaFake({ whatsapp: [number] });
    process.env.PROVIDER_URL_WHATSAPP = fake.url;
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WHATSAPP;
    await fake.close();
    await database.close();
  });

  /** A channel of its own per test: a token error stops only that one. */
  async function whatsappChannel() {
    channelCount += 1;
    return createChannel(database.db, {
      workspaceId: ws.workspace.id,
      kind: 'whatsapp',
      publicId: `wa-out-${kind}-${channelCount}`,
      name: `WhatsApp ${channelCount}`,
      secrets: { ...number, appSecret: 'wa-app-secret' },
    });
  }

  /** A conversation whose contact wrote an hour ago: the 24 h window is open. */
  async function openConversation(channelId: string, phone = `3460000${String(channelCount).padStart(4, '0')}`) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Lucía', phone: `+${phone}`, identity: { channelId, externalId: phone } });
    const conversation = await createConversation(database.db, {
      workspaceId: ws.workspace.id,
      channelId,
      contactId: contact.id,
      assigneeId: ws.agent.id,
      lastInboundAt: new Date(now.getTime() - 3_600_000),
    });
    return { conversation, phone };
  }

  const reply = (conversationId: string, body: string) =>
    sendMessage(database.db, ws.agent, { conversationId, message: { kind: 'free_form', body }, quietHours: 'send_anyway' }, clock, fx);
  const messageRow = async (id: string) => (await database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const outboxRow = async (id: string) => (await database.db.select().from(outbox).where(eq(outbox.messageId, id)))[0];
  const sendsTo = (phoneNumberId: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/v26.0/${phoneNumberId}/messages`);

  it('sends the text as Meta expects it and stores the wamid as sent', async () => {
    const channel = await whatsappChannel();
    const { conversation, phone } = await openConversation(channel.id);
    const before = fake.requests.length;
    const queued = await reply(conversation.id, 'Hola Lucía, ¿qué tal?');
    await deliverDue(database.db, clock);

    const [request] = fake.requests.slice(before);
    expect(request!.headers.authorization).toBe(`Bearer ${number.accessToken}`);
    expect(request!.path).toBe(`/v26.0/${number.phoneNumberId}/messages`);
    expect(request!.body).toEqual({ messaging_product: 'whatsapp', to: phone, biz_opaque_callback_data: queued.id, type: 'text', text: { body: 'Hola Lucía, ¿qué tal?' } });
    const sent = await messageRow(queued.id);
    expect(sent).toMatchObject({ status: 'sent', errorCode: null, retryable: false });
    expect(sent.providerMessageId).toMatch(/^wamid\./);
    expect(await outboxRow(queued.id)).toBeUndefined();
  });

  it.each([131047, 131026, 131048, 131049, 132000, 132001, 368, 131031])('fails at once on permanent error %i, with its code, Meta’s words and an explanation', async (code) => {
    const channel = await whatsappChannel();
    const { conversation } = await openConversation(channel.id);
    fake.failNext({ code }, { path: '/messages' });
    const queued = await reply(conversation.id, 'Hola');
    await deliverDue(database.db, clock);

    const failed = await messageRow(queued.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: `whatsapp.${code}`, retryable: false });
    // Meta's title, and the sentence WhatsApp adds where it has one.
    const details = whatsappErrorDetails[code];
    expect(failed.errorMessage).toBe(`(#${code}) ${metaErrorTitles[code]}${details ? `: ${details}` : ''}`);
    expect(explainFailure(failed.errorCode, 'es')).toBeTruthy();
    expect(explainFailure(failed.errorCode, 'en')).toBeTruthy();
    expect(await outboxRow(queued.id)).toBeUndefined();
    // Never tried again: one request.
    await deliverDue(database.db, { now: () => new Date(now.getTime() + 86_400_000) });
    expect(sendsTo(number.phoneNumberId).filter((r) => (r.body as { biz_opaque_callback_data: string }).biz_opaque_callback_data === queued.id)).toHaveLength(1);
  });

  it('an expired token (190) stops the channel: the message fails, managers are told, the others wait unsent', async () => {
    const channel = await whatsappChannel();
    const { conversation } = await openConversation(channel.id);
    const first = await reply(conversation.id, 'Primero');
    const second = await reply(conversation.id, 'Segundo');
    const third = await reply(conversation.id, 'Tercero');
    fake.failNext({ code: 190 }, { path: '/messages' });
    const before = sendsTo(number.phoneNumberId).length;
    await deliverDue(database.db, clock);

    expect(sendsTo(number.phoneNumberId).length - before).toBe(1);
    const tried = [await messageRow(first.id), await messageRow(second.id), await messageRow(third.id)];
    const failed = tried.find((m) => m.status === 'failed')!;
    // A token replaced later makes it worth retrying: the failure was the channel's, not the message's.
    expect(failed).toMatchObject({ errorCode: 'whatsapp.190', retryable: true });
    expect(explainFailure('whatsapp.190', 'en')).toMatch(/token/);
    const waiting = tried.filter((m) => m.id !== failed.id);
    expect(waiting.map((m) => m.status)).toEqual(['queued', 'queued']);
    for (const m of waiting) expect(await outboxRow(m.id)).toMatchObject({ attempts: 0 });

    const [after] = await database.db.select().from(channels).where(eq(channels.id, channel.id));
    expect(after).toMatchObject({ state: 'needs_attention', stateReason: 'Error validating access token: Session has expired.' });
    const told = await database.db.select().from(notifications).where(and(eq(notifications.kind, 'channel_attention'), eq(notifications.workspaceId, ws.workspace.id)));
    expect(told.filter((n) => (n.data as { channelId?: string }).channelId === channel.id).map((n) => n.userId)).toEqual([ws.admin.id]);

    // Nothing more leaves while the channel waits for a manager.
    await deliverDue(database.db, { now: () => new Date(now.getTime() + 3_600_000) });
    expect(sendsTo(number.phoneNumberId).length - before).toBe(1);
  });

  it('retries a transient error (131000) after the backoff, then sends once', async () => {
    const channel = await whatsappChannel();
    const { conversation } = await openConversation(channel.id);
    fake.failNext({ code: 131000 }, { path: '/messages' });
    const queued = await reply(conversation.id, 'Otra vez');
    const before = sendsTo(number.phoneNumberId).length;
    await deliverDue(database.db, clock);

    expect((await messageRow(queued.id)).status).toBe('queued');
    const waiting = await outboxRow(queued.id);
    // Full jitter with the helper's random 0.5: half of base 2 s · 2^1.
    expect(waiting).toMatchObject({ attempts: 1, lockedUntil: null });
    expect(waiting!.dueAt.getTime() - now.getTime()).toBe(2_000);
    expect(waiting!.lastError).toContain('whatsapp.131000');
    expect(await deliverDue(database.db, clock)).toBe(0);

    await deliverDue(database.db, { now: () => new Date(now.getTime() + 2_000) });
    expect((await messageRow(queued.id)).status).toBe('sent');
    expect(sendsTo(number.phoneNumberId).length - before).toBe(2);
  });

  it('honours Retry-After on a 429 before trying again', async () => {
    const channel = await whatsappChannel();
    const { conversation } = await openConversation(channel.id);
    fake.failNext({ code: 130429, status: 429, retryAfterSeconds: 120 }, { path: '/messages' });
    const queued = await reply(conversation.id, 'Despacio');
    await deliverDue(database.db, clock);

    const waiting = await outboxRow(queued.id);
    expect(waiting!.dueAt.getTime() - now.getTime()).toBe(120_000);
    expect(await deliverDue(database.db, { now: () => new Date(now.getTime() + 119_000) })).toBe(0);
    await deliverDue(database.db, { now: () => new Date(now.getTime() + 120_000) });
    expect((await messageRow(queued.id)).status).toBe('sent');
  });

  it('retries a 5xx that is not Meta’s JSON (a proxy’s page)', async () => {
    const channel = await whatsappChannel();
    const { conversation } = await openConversation(channel.id);
    fake.failNext({ status: 502, body: '<html>Bad Gateway</html>' }, { path: '/messages' });
    const queued = await reply(conversation.id, 'Pasarela');
    await deliverDue(database.db, clock);
    expect(await outboxRow(queued.id)).toMatchObject({ attempts: 1, lastError: expect.stringContaining('whatsapp.unavailable') });
    await deliverDue(database.db, { now: () => new Date(now.getTime() + 2_000) });
    expect((await messageRow(queued.id)).status).toBe('sent');
  });

  it('a connection dropped after sending is unknown, never resent; the status echoing our id settles it', async () => {
    const channel = await whatsappChannel();
    const { conversation, phone } = await openConversation(channel.id);
    fake.failNext({ drop: true }, { path: '/messages' });
    const queued = await reply(conversation.id, '¿Llegó?');
    const before = sendsTo(number.phoneNumberId).length;
    await deliverDue(database.db, clock);

    expect(await messageRow(queued.id)).toMatchObject({ status: 'unknown', errorCode: 'UNKNOWN', providerMessageId: null });
    expect(await outboxRow(queued.id)).toBeUndefined();
    await deliverDue(database.db, { now: () => new Date(now.getTime() + 86_400_000) });
    expect(sendsTo(number.phoneNumberId).length - before).toBe(1);

    // Meta did take it: its status webhook carries our id back in biz_opaque_callback_data.
    const status = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: number.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550100000', phone_number_id: number.phoneNumberId },
                statuses: [{ id: 'wamid.HBgLLATE', status: 'delivered', timestamp: String(now.getTime() / 1000), recipient_id: phone, biz_opaque_callback_data: queued.id }],
              },
            },
          ],
        },
      ],
    });
    const rawBody = new TextEncoder().encode(status);
    const headers = new Headers({ 'x-hub-signature-256': metaSignature(rawBody, 'wa-app-secret') });
    const result = await receiveWebhook(database.db, { provider: 'whatsapp', publicId: channel.publicId, rawBody, headers, url: `http://test/api/webhooks/whatsapp/${channel.publicId}` }, clock, fx);
    expect(result).toMatchObject({ updated: 1 });
    expect(await messageRow(queued.id)).toMatchObject({ status: 'delivered', providerMessageId: 'wamid.HBgLLATE', errorCode: null, errorMessage: null });
  });

  it('a request that hangs is ambiguous once the caller’s timeout passes', async () => {
    fake.failNext({ hang: true }, { path: '/hang-check' });
    const call = await callProvider('whatsapp', '/v26.0/hang-check', { method: 'POST', body: '{}', timeoutMs: 300 });
    expect(call.kind).toBe('ambiguous');
  });

  it('checks credentials with one read of the phone number, refused in Meta’s words', async () => {
    const before = fake.requests.length;
    expect(await whatsappOutbound.check({ ...number })).toEqual({ ok: true });
    expect(fake.requests[before]).toMatchObject({ method: 'GET', path: `/v26.0/${number.phoneNumberId}`, query: { fields: 'display_phone_number,verified_name' } });
    expect(await whatsappOutbound.check({ ...number, accessToken: 'wrong' })).toEqual({ ok: false, reason: 'Invalid OAuth access token - Cannot parse access token' });
    expect(await whatsappOutbound.check({ ...number, phoneNumberId: '999' })).toMatchObject({ ok: false, reason: expect.stringContaining("Object with ID '999' does not exist") });
  });
});
