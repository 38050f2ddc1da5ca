import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { explainFailure } from '@/server/channels/provider-errors';
import { viberSignature } from '@/server/channels/signature';
import { deliverDue } from '@/server/messages/testing';
import { attentionNotices, channelRow, contactWhoWrote, messageRow, movableClock, outboxRow, reconnect, replyTo } from '../delivery-testing';
import { startViberFake, viberError, type ViberFake } from './fake';
import { viberOutbound } from './outbound';

const TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51f';

/** Viber delivery through the worker, against a fake REST bot API. */
describe.each(testDatabaseKinds)('Viber delivery (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: ViberFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let users = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `vbout${kind}`);
    fake = await startViberFake({ authToken: TOKEN });
    process.env.PROVIDER_URL_VIBER = fake.url;
    channel = await createChannel(database.db, {
      workspaceId: ws.workspace.id,
      kind: 'viber',
      publicId: `vbout-${kind}`,
      name: 'Viber',
      secrets: { authToken: TOKEN },
      settings: { senderName: 'Clínica Sol' },
    });
  });
  afterAll(async () => {
    setDatabase(undefined);
    delete process.env.PROVIDER_URL_VIBER;
    await fake.close();
    await database.close();
  });

  const newUser = async (on = channel) => {
    const id = `${++users}xy5/5y6O81+/kbWHpLhBoA==`;
    return { id, ...(await contactWhoWrote(database.db, ws, on, id, clock)) };
  };
  const sendsTo = (receiver: string) => fake.sent.filter((m) => m.receiver === receiver);

  it('sends with the auth token and sender name, and keeps the 64-bit message_token exactly', async () => {
    const { id, conversation } = await newUser();
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola desde Viber', clock);
    await deliverDue(database.db, clock);
    const [taken] = sendsTo(id);
    expect(taken).toMatchObject({ text: 'Hola desde Viber', senderName: 'Clínica Sol' });
    expect(BigInt(taken!.token)).toBeGreaterThan(2n ** 53n);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent', providerMessageId: taken!.token });
    expect(fake.requests.at(-1)!.headers['x-viber-auth-token']).toBe(TOKEN);

    // Viber's delivered callback names the same token: it finds the message.
    const body = `{"event":"delivered","timestamp":${clock.now().getTime()},"message_token":${taken!.token},"user_id":"${id}"}`;
    const response = await POST(
      new Request(`http://test/api/webhooks/viber/vbout-${kind}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-viber-content-signature': viberSignature(new TextEncoder().encode(body), TOKEN) } }),
      { params: Promise.resolve({ provider: 'viber', channelId: `vbout-${kind}` }) },
    );
    expect(await response.json()).toMatchObject({ updated: 1 });
    expect((await messageRow(database.db, queued.id)).status).toBe('delivered');
  });

  it('names the sender after the channel when no sender name is set, within 28 characters', async () => {
    const named = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'viber', publicId: `vbout-named-${kind}`, name: 'Centro de Atención al Cliente de Madrid', secrets: { authToken: TOKEN } });
    const { id, conversation } = await newUser(named);
    await replyTo(database.db, ws, conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(sendsTo(id)[0]!.senderName).toBe('Centro de Atención al Client');
  });

  it('fails statuses 5, 6, 7, 11, 23 and 24 at once with their codes and explanations', async () => {
    const unsubscribed = await newUser();
    fake.notSubscribed.add(unsubscribed.id);
    const queued = await replyTo(database.db, ws, unsubscribed.conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'failed', errorCode: 'viber.6', errorMessage: 'Viber 6: receiverNotSubscribed' });
    for (const status of [5, 7, 11, 23, 24]) {
      const { conversation } = await newUser();
      const message = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
      fake.failNext(1, viberError(status));
      await deliverDue(database.db, clock);
      expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'failed', errorCode: `viber.${status}` });
      expect(explainFailure(`viber.${status}`, 'es')).toBeTruthy();
      expect(explainFailure(`viber.${status}`, 'en')).toBeTruthy();
    }
  });

  it('retries status 12 and a 5xx, then sends once', async () => {
    const { id, conversation } = await newUser();
    const queued = await replyTo(database.db, ws, conversation.id, 'Paciencia', clock);
    fake.failNext(1, viberError(12));
    await deliverDue(database.db, clock);
    expect((await outboxRow(database.db, queued.id))!.lastError).toBe('viber.12: Viber 12: tooManyRequests');
    fake.failNext(1, { status: 503, text: 'Service Unavailable' });
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await outboxRow(database.db, queued.id))!.lastError).toBe('viber.server_error: Viber answered 503');
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('sent');
    expect(sendsTo(id)).toHaveLength(1);
  });

  it('leaves a send whose answer was lost unknown, never resent', async () => {
    const { id, conversation } = await newUser();
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
    fake.dropNext(1, { processed: true });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('unknown');
    clock.advance(60 * 60_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    expect(sendsTo(id)).toHaveLength(1);
  });

  it('status 2 (bad token) fails the message, stops the channel and holds its queue', async () => {
    const broken = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'viber', publicId: `vbout-broken-${kind}`, name: 'Old Viber', secrets: { authToken: 'revoked' } });
    const one = await newUser(broken);
    const two = await newUser(broken);
    const first = await replyTo(database.db, ws, one.conversation.id, 'Uno', clock);
    const second = await replyTo(database.db, ws, two.conversation.id, 'Dos', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, first.id)).toMatchObject({ status: 'failed', errorCode: 'viber.2' });
    expect(await channelRow(database.db, broken.id)).toMatchObject({ state: 'needs_attention', stateReason: 'Viber 2: invalidAuthToken' });
    expect(await attentionNotices(database.db, broken.id)).toHaveLength(1);
    expect((await messageRow(database.db, second.id)).status).toBe('queued');
    await reconnect(database.db, broken.id, { authToken: TOKEN });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
  });

  it('checks the token with get_account_info and registers the webhook with set_webhook', async () => {
    expect(await viberOutbound.check({ authToken: TOKEN })).toEqual({ ok: true });
    expect(await viberOutbound.check({ authToken: 'wrong' })).toEqual({ ok: false, reason: 'Viber 2: invalidAuthToken' });
    const url = `https://cadence.example/api/webhooks/viber/vbout-${kind}`;
    expect(await viberOutbound.register!({ authToken: TOKEN }, url)).toEqual({ ok: true });
    expect(fake.webhook).toEqual({ url, eventTypes: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'], sendName: true, sendPhoto: false });
    expect(fake.requests.at(-1)!.path).toBe('/pa/set_webhook');
    expect(await viberOutbound.register!({ authToken: TOKEN }, 'not a url')).toEqual({ ok: false, reason: 'Viber 1: invalidUrl' });
  });
});
