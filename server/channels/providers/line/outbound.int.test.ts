import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contactIdentities, conversations } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { explainFailure } from '@/server/channels/provider-errors';
import { lineSignature } from '@/server/channels/signature';
import { deliverDue } from '@/server/messages/testing';
import { attentionNotices, channelRow, contactWhoWrote, messageRow, movableClock, outboxRow, reconnect, replyTo } from '../delivery-testing';
import { lineError, startLineFake, type LineFake } from './fake';
import { lineOutbound } from './outbound';

const TOKEN = 'line-channel-access-token';
const SECRET = 'line-channel-secret';

/** LINE delivery through the worker (reply when free, else push with a retry key), against a fake Messaging API. */
describe.each(testDatabaseKinds)('LINE delivery (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: LineFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  // The webhook route stamps arrivals with the real clock: this one starts there too.
  const clock = movableClock();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `lnout${kind}`);
    fake = await startLineFake({ accessToken: TOKEN });
    process.env.PROVIDER_URL_LINE = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'line', publicId: `lnout-${kind}`, name: 'LINE', secrets: { channelAccessToken: TOKEN, channelSecret: SECRET } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    delete process.env.PROVIDER_URL_LINE;
    await fake.close();
    await database.close();
  });

  const newUserId = () => `U${randomBytes(16).toString('hex')}`;
  const newContact = async (on = channel) => {
    const userId = newUserId();
    return { userId, ...(await contactWhoWrote(database.db, ws, on, userId, clock)) };
  };
  const sendsTo = (userId: string) => fake.sent.filter((s) => s.to === userId);
  const requestsFor = (messageId: string) => fake.requests.filter((r) => r.headers['x-line-retry-key'] === messageId);

  /** The contact writes through LINE's webhook, with a reply token LINE issued `ageMs` ago. */
  async function contactWrites(userId: string, text: string, ageMs: number, replyToken = fake.issueReplyToken(userId)) {
    const body = JSON.stringify({
      destination: 'Ubot',
      events: [
        {
          type: 'message',
          replyToken,
          timestamp: clock.now().getTime() - ageMs,
          source: { type: 'user', userId },
          webhookEventId: randomBytes(8).toString('hex'),
          deliveryContext: { isRedelivery: false },
          message: { id: String(Date.now()) + randomBytes(2).toString('hex'), type: 'text', text },
        },
      ],
    });
    const response = await POST(
      new Request(`http://test/api/webhooks/line/lnout-${kind}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(new TextEncoder().encode(body), SECRET) } }),
      { params: Promise.resolve({ provider: 'line', channelId: `lnout-${kind}` }) },
    );
    expect(response.status).toBe(200);
    const [identity] = await database.db.select().from(contactIdentities).where(and(eq(contactIdentities.channelId, channel.id), eq(contactIdentities.externalId, userId)));
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.contactId, identity!.contactId));
    return { identity: identity!, conversation: conversation! };
  }

  it('pushes with the message id as X-Line-Retry-Key and keeps the id LINE gave', async () => {
    const { userId, conversation } = await newContact();
    const queued = await replyTo(database.db, ws, conversation.id, 'こんにちは', clock);
    await deliverDue(database.db, clock);
    const [push] = sendsTo(userId);
    expect(push).toMatchObject({ kind: 'push', texts: ['こんにちは'], retryKey: queued.id });
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent', providerMessageId: push!.sentMessages[0]!.id });
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("replies for free with the token of the contact's message while fresh, once; later messages are pushed", async () => {
    const userId = newUserId();
    const { identity, conversation } = await contactWrites(userId, 'Hola', 5_000);
    expect(identity.replyToken).toBeTruthy();
    const first = await replyTo(database.db, ws, conversation.id, 'Respuesta gratis', clock);
    const second = await replyTo(database.db, ws, conversation.id, 'Y otra más', clock);
    await deliverDue(database.db, clock);
    expect(sendsTo(userId).map((s) => [s.kind, s.texts[0]])).toEqual([
      ['reply', 'Respuesta gratis'],
      ['push', 'Y otra más'],
    ]);
    // A reply carries no retry key (LINE refuses one there).
    const reply = fake.requests.find((r) => r.path === '/v2/bot/message/reply' && JSON.parse(r.body).replyToken === identity.replyToken);
    expect(reply!.headers['x-line-retry-key']).toBeUndefined();
    expect((await messageRow(database.db, first.id)).status).toBe('sent');
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
    const [after] = await database.db.select().from(contactIdentities).where(eq(contactIdentities.id, identity.id));
    expect(after!.replyToken).toBeNull();
  });

  it('pushes when the reply token is older than 50 s', async () => {
    const userId = newUserId();
    const { conversation } = await contactWrites(userId, 'Hola', 55_000);
    await replyTo(database.db, ws, conversation.id, 'Tarde', clock);
    await deliverDue(database.db, clock);
    expect(sendsTo(userId).map((s) => s.kind)).toEqual(['push']);
  });

  it('falls back to a push in the same attempt when LINE calls the reply token invalid', async () => {
    const userId = newUserId();
    const { conversation } = await contactWrites(userId, 'Hola', 2_000, 'a-token-line-never-issued');
    const queued = await replyTo(database.db, ws, conversation.id, 'Igualmente llega', clock);
    await deliverDue(database.db, clock);
    expect(sendsTo(userId).map((s) => s.kind)).toEqual(['push']);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent' });
    const [reply] = fake.requests.filter((r) => r.path === '/v2/bot/message/reply' && JSON.parse(r.body).replyToken === 'a-token-line-never-issued');
    expect(reply).toBeDefined();
  });

  it('leaves a reply whose answer was lost unknown: it has no retry key to send it safely again', async () => {
    const userId = newUserId();
    const { conversation } = await contactWrites(userId, 'Hola', 1_000);
    const queued = await replyTo(database.db, ws, conversation.id, 'Quizá llegó', clock);
    fake.dropNext(1, { processed: true });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('unknown');
    clock.advance(60 * 60_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    expect(sendsTo(userId)).toHaveLength(1);
  });

  it('keeps the same retry key on every attempt, and counts a 409 after a lost answer as sent, once', async () => {
    const { userId, conversation } = await newContact();
    const queued = await replyTo(database.db, ws, conversation.id, 'Una sola vez', clock);
    fake.failNext(1, lineError(500, 'Internal server error'));
    await deliverDue(database.db, clock);
    expect(await outboxRow(database.db, queued.id)).toMatchObject({ attempts: 1, lastError: 'line.server_error: LINE 500: Internal server error' });
    // LINE takes the second attempt, but its answer never arrives.
    fake.dropNext(1, { processed: true });
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await outboxRow(database.db, queued.id))!.lastError).toMatch(/^line\.unreachable: /);
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    // The third attempt got 409: the message went once, under the id of the accepted attempt.
    expect(requestsFor(queued.id)).toHaveLength(3);
    expect(sendsTo(userId)).toHaveLength(1);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent', providerMessageId: sendsTo(userId)[0]!.sentMessages[0]!.id });
  });

  it('retries a 429, and fails 400 and 403 at once with their codes and explanations', async () => {
    const limited = await newContact();
    const a = await replyTo(database.db, ws, limited.conversation.id, 'Hola', clock);
    fake.failNext(1, lineError(429, 'The API rate limit has been exceeded. Try again later.'));
    await deliverDue(database.db, clock);
    expect((await outboxRow(database.db, a.id))!.lastError).toBe('line.429: LINE 429: The API rate limit has been exceeded. Try again later.');
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, a.id)).status).toBe('sent');

    // Not a LINE user id: LINE names the property it refuses.
    const stranger = await contactWhoWrote(database.db, ws, channel, 'not-a-line-user', clock);
    const b = await replyTo(database.db, ws, stranger.conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, b.id)).toMatchObject({ status: 'failed', errorCode: 'line.400', errorMessage: "LINE 400: The property, 'to', in the request body is invalid (line: -, column: -)" });

    const forbidden = await newContact();
    const c = await replyTo(database.db, ws, forbidden.conversation.id, 'Hola', clock);
    fake.failNext(1, lineError(403, 'Access to this API is not available for your account'));
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, c.id)).toMatchObject({ status: 'failed', errorCode: 'line.403' });
    expect(explainFailure('line.403', 'es')).toMatch(/no permite/);
    expect(explainFailure('line.400', 'en')).toMatch(/invalid/);
  });

  it('a refused access token fails the message, stops the channel and holds its queue', async () => {
    const broken = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'line', publicId: `lnout-broken-${kind}`, name: 'Old LINE', secrets: { channelAccessToken: 'expired', channelSecret: SECRET } });
    const one = await newContact(broken);
    const two = await newContact(broken);
    const first = await replyTo(database.db, ws, one.conversation.id, 'Uno', clock);
    const second = await replyTo(database.db, ws, two.conversation.id, 'Dos', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, first.id)).toMatchObject({ status: 'failed', errorCode: 'line.401' });
    expect((await channelRow(database.db, broken.id)).state).toBe('needs_attention');
    expect(await attentionNotices(database.db, broken.id)).toHaveLength(1);
    expect((await messageRow(database.db, second.id)).status).toBe('queued');
    await reconnect(database.db, broken.id, { channelAccessToken: TOKEN, channelSecret: SECRET });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
    expect(sendsTo(two.userId)).toHaveLength(1);
  });

  it('checks the token by reading the bot info', async () => {
    expect(await lineOutbound.check({ channelAccessToken: TOKEN })).toEqual({ ok: true });
    expect(fake.requests.at(-1)!.path).toBe('/v2/bot/info');
    expect(await lineOutbound.check({ channelAccessToken: 'wrong' })).toEqual({
      ok: false,
      reason: 'LINE 401: Authentication failed. Confirm that the access token in the authorization header is valid.',
    });
  });
});
