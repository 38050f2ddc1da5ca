import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { explainFailure } from '@/server/channels/provider-errors';
import { deliverDue } from '@/server/messages/testing';
import { attentionNotices, channelRow, contactWhoWrote, messageRow, movableClock, outboxRow, reconnect, refusingUrl, replyTo } from '../delivery-testing';
import { telegramOutbound } from './outbound';
import { startTelegramFake, telegramError, type TelegramFake } from './fake';

const TOKEN = '7000000001:AAH-cadence-test-token';

/** Telegram delivery through the worker, against a fake Bot API speaking Telegram's protocol. */
describe.each(testDatabaseKinds)('Telegram delivery (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: TelegramFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let chats = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `tgout${kind}`);
    fake = await startTelegramFake({ token: TOKEN });
    process.env.PROVIDER_URL_TELEGRAM = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'telegram', publicId: `tgout-${kind}`, name: 'Telegram', secrets: { botToken: TOKEN, webhookSecret: 'cadence-secret_1' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_TELEGRAM;
    await fake.close();
    await database.close();
  });

  const newChat = async (on = channel) => {
    const chatId = String(5_000_000 + ++chats);
    return { chatId, ...(await contactWhoWrote(database.db, ws, on, chatId, clock)) };
  };
  const sendsTo = (chatId: string) => fake.sent.filter((m) => m.chatId === chatId);

  it('sends the reply with sendMessage and keeps its id like inbound ones (chat:message)', async () => {
    const { chatId, conversation } = await newChat();
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola, ¿en qué te ayudo?', clock);
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, queued.id);
    expect(sent.status).toBe('sent');
    expect(sendsTo(chatId)).toEqual([{ chatId, messageId: 1001, text: 'Hola, ¿en qué te ayudo?' }]);
    expect(sent.providerMessageId).toBe(`${chatId}:1001`);
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(await outboxRow(database.db, queued.id)).toBeUndefined();
  });

  it('fails at once, explained, when the contact blocked the bot (403) or the chat does not exist', async () => {
    const blocked = await newChat();
    const missing = await newChat();
    fake.blocked.add(blocked.chatId);
    fake.unknownChats.add(missing.chatId);
    const a = await replyTo(database.db, ws, blocked.conversation.id, 'Hola', clock);
    const b = await replyTo(database.db, ws, missing.conversation.id, 'Hola', clock);
    const before = fake.requests.length;
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, a.id)).toMatchObject({ status: 'failed', errorCode: 'telegram.403', errorMessage: 'Telegram 403: Forbidden: bot was blocked by the user' });
    expect(await messageRow(database.db, b.id)).toMatchObject({ status: 'failed', errorCode: 'telegram.chat_not_found' });
    expect(explainFailure('telegram.403', 'en')).toMatch(/blocked the bot or never started it/);
    expect(explainFailure('telegram.chat_not_found', 'es')).toMatch(/iniciar el bot/);
    // Permanent: one request each, and no row left to try again.
    expect(fake.requests.length - before).toBe(2);
    expect(await outboxRow(database.db, a.id)).toBeUndefined();
    expect((await channelRow(database.db, channel.id)).state).toBe('connected');
  });

  it("waits Telegram's retry_after on a 429, then sends once", async () => {
    const { chatId, conversation } = await newChat();
    const queued = await replyTo(database.db, ws, conversation.id, 'Un momento', clock);
    fake.failNext(1, telegramError(429, 'Too Many Requests: retry after 30', { retry_after: 30 }));
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('queued');
    const row = await outboxRow(database.db, queued.id);
    expect(row!.dueAt.getTime() - clock.now().getTime()).toBe(30_000);
    expect(row!.lastError).toBe('telegram.429: Telegram 429: Too Many Requests: retry after 30');
    // Not due before Telegram's time.
    clock.advance(29_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    clock.advance(1_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('sent');
    expect(sendsTo(chatId)).toHaveLength(1);
  });

  it('retries after a 5xx and after a refused connection, then sends', async () => {
    const { chatId, conversation } = await newChat();
    const queued = await replyTo(database.db, ws, conversation.id, 'Seguimos', clock);
    fake.failNext(1, telegramError(502, 'Bad Gateway'));
    await deliverDue(database.db, clock);
    expect(await outboxRow(database.db, queued.id)).toMatchObject({ attempts: 1, lastError: 'telegram.server_error: Telegram 502: Bad Gateway' });
    // Nothing listens at the provider's address: the request provably never left.
    process.env.PROVIDER_URL_TELEGRAM = await refusingUrl();
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await outboxRow(database.db, queued.id))!.lastError).toMatch(/^telegram\.unreachable: ECONNREFUSED/);
    process.env.PROVIDER_URL_TELEGRAM = fake.url;
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent', providerMessageId: `${chatId}:1001` });
    expect(sendsTo(chatId)).toHaveLength(1);
  });

  it('marks a send whose answer was lost unknown, and never sends it again', async () => {
    const { chatId, conversation } = await newChat();
    const queued = await replyTo(database.db, ws, conversation.id, 'Te lo confirmo', clock);
    fake.dropNext(1, { processed: true });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'unknown', errorCode: 'UNKNOWN' });
    clock.advance(60 * 60_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    expect(sendsTo(chatId)).toHaveLength(1);
  });

  it('a revoked token fails the message, stops the channel, tells its managers, and holds the rest of its queue', async () => {
    const revoked = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'telegram', publicId: `tgout-revoked-${kind}`, name: 'Old bot', secrets: { botToken: '7000000002:revoked' } });
    const one = await newChat(revoked);
    const two = await newChat(revoked);
    const first = await replyTo(database.db, ws, one.conversation.id, 'Primero', clock);
    const second = await replyTo(database.db, ws, two.conversation.id, 'Segundo', clock);
    const before = fake.requests.length;
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, first.id)).toMatchObject({ status: 'failed', errorCode: 'telegram.401', retryable: true });
    expect(await channelRow(database.db, revoked.id)).toMatchObject({ state: 'needs_attention', stateReason: 'Telegram 401: Unauthorized' });
    expect((await attentionNotices(database.db, revoked.id)).map((n) => n.userId)).toEqual([ws.admin.id]);
    // The second message never met the dead token: it waits, queued, with its row.
    expect(fake.requests.length - before).toBe(1);
    expect((await messageRow(database.db, second.id)).status).toBe('queued');
    expect(await outboxRow(database.db, second.id)).toBeDefined();
    clock.advance(60 * 60_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    // A manager replaces the token: the queue goes on.
    await reconnect(database.db, revoked.id, { botToken: TOKEN });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
  });

  it('checks a token with getMe, with Telegram’s reason when refused', async () => {
    expect(await telegramOutbound.check({ botToken: TOKEN })).toEqual({ ok: true });
    expect(await telegramOutbound.check({ botToken: '7000000003:wrong' })).toEqual({ ok: false, reason: 'Telegram 401: Unauthorized' });
    expect(fake.requests.at(-1)!.path).toBe('/bot7000000003:wrong/getMe');
  });

  it('registers the webhook with setWebhook and the channel’s secret token', async () => {
    const url = `https://cadence.example/api/webhooks/telegram/tgout-${kind}`;
    expect(await telegramOutbound.register!({ botToken: TOKEN, webhookSecret: 'cadence-secret_1' }, url)).toEqual({ ok: true });
    expect(fake.webhook).toEqual({ url, secretToken: 'cadence-secret_1' });
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({ url, secret_token: 'cadence-secret_1', allowed_updates: ['message'] });
    // Telegram's own refusal comes back as the reason.
    expect(await telegramOutbound.register!({ botToken: TOKEN, webhookSecret: 'not allowed!' }, url)).toEqual({
      ok: false,
      reason: 'Telegram 400: Bad Request: secret token contains unallowed characters',
    });
  });
});
