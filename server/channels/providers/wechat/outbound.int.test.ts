import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { explainFailure } from '@/server/channels/provider-errors';
import { deliverDue } from '@/server/messages/testing';
import { attentionNotices, channelRow, contactWhoWrote, messageRow, movableClock, outboxRow, reconnect, replyTo } from '../delivery-testing';
import { REFRESH_MARGIN_MS } from './access-token';
import { startWechatFake, wechatError, type WechatFake } from './fake';
import { wechatOutbound } from './outbound';

const SEND = '/cgi-bin/message/custom/send';

/** WeChat delivery through the worker, against a fake Official Account API (token, then customer service send). */
describe.each(testDatabaseKinds)('WeChat delivery (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: WechatFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  // Tokens are cached per app in this process: each database run has its own app.
  const app = { appId: `wx${kind}0123456789`, appSecret: `secret-${kind}` };
  let followers = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `wcout${kind}`);
    fake = await startWechatFake(app);
    process.env.PROVIDER_URL_WECHAT = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'wechat', publicId: `wcout-${kind}`, name: 'WeChat', secrets: { ...app, token: 'servertoken1' } });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WECHAT;
    await fake.close();
    await database.close();
  });

  const newFollower = async (on = channel) => {
    const openId = `oUpF8uMuAJO_M2pxb1Q9zNjWeS6${++followers}`;
    return { openId, ...(await contactWhoWrote(database.db, ws, on, openId, clock)) };
  };
  const sendsTo = (openId: string) => fake.sent.filter((m) => m.touser === openId);
  const tokenRequests = () => fake.requests.filter((r) => r.path === '/cgi-bin/token');

  it('fetches a token once, sends with it, and names the message by our id (WeChat gives none)', async () => {
    const a = await newFollower();
    const b = await newFollower();
    const first = await replyTo(database.db, ws, a.conversation.id, '你好', clock);
    const second = await replyTo(database.db, ws, b.conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(tokenRequests()).toHaveLength(1);
    expect(Object.fromEntries(tokenRequests()[0]!.query)).toEqual({ grant_type: 'client_credential', appid: app.appId, secret: app.appSecret });
    expect(sendsTo(a.openId)).toEqual([{ touser: a.openId, content: '你好', accessToken: fake.tokens[0] }]);
    expect(sendsTo(b.openId)[0]!.accessToken).toBe(fake.tokens[0]);
    expect(await messageRow(database.db, first.id)).toMatchObject({ status: 'sent', providerMessageId: `wechat-${first.id}` });
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
  });

  it('keeps the token until 5 minutes before it expires, then fetches another', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const start = Date.now();
    const { conversation } = await newFollower();
    const send = async (body: string) => {
      await replyTo(database.db, ws, conversation.id, body, clock);
      await deliverDue(database.db, clock);
    };
    // A token fetched now (the old one refused), good for WeChat's 7200 s…
    fake.invalidateTokens();
    await send('Token nuevo');
    const fetched = tokenRequests().length;
    // …serves until 5 minutes before that…
    vi.setSystemTime(start + 7200_000 - REFRESH_MARGIN_MS - 1_000);
    await send('Aún vale');
    expect(tokenRequests()).toHaveLength(fetched);
    // …and then another is fetched.
    vi.setSystemTime(start + 7200_000 - REFRESH_MARGIN_MS + 1_000);
    await send('Otro token');
    expect(tokenRequests()).toHaveLength(fetched + 1);
    expect(fake.sent.slice(-3).map((m) => m.accessToken)).toEqual([fake.tokens.at(-2), fake.tokens.at(-2), fake.tokens.at(-1)]);
  });

  it('on 40001 or 42001 drops the token, fetches another and sends again in the same attempt', async () => {
    for (const stale of ['invalidateTokens', 'expireTokens'] as const) {
      const { openId, conversation } = await newFollower();
      const queued = await replyTo(database.db, ws, conversation.id, 'Reintento', clock);
      fake[stale]();
      const tokensBefore = tokenRequests().length;
      await deliverDue(database.db, clock);
      expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent' });
      expect(tokenRequests().length - tokensBefore).toBe(1);
      expect(sendsTo(openId)).toEqual([{ touser: openId, content: 'Reintento', accessToken: fake.tokens.at(-1) }]);
      expect(fake.requests.filter((r) => r.path === SEND).slice(-2).map((r) => r.query.get('access_token'))).toEqual([fake.tokens.at(-2), fake.tokens.at(-1)]);
    }
  });

  it('refreshes only once per attempt: a second refusal is retried later', async () => {
    const { openId, conversation } = await newFollower();
    const queued = await replyTo(database.db, ws, conversation.id, 'Paciencia', clock);
    fake.failNext(2, wechatError(40001), { path: SEND });
    await deliverDue(database.db, clock);
    expect(await outboxRow(database.db, queued.id)).toMatchObject({ attempts: 1 });
    expect((await outboxRow(database.db, queued.id))!.lastError).toMatch(/^wechat\.40001: WeChat 40001: invalid credential/);
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('sent');
    expect(sendsTo(openId)).toHaveLength(1);
  });

  it('fails 45015, 45047 and 43004 at once with their codes and explanations; retries -1', async () => {
    const outside = await newFollower();
    fake.outsideWindow.add(outside.openId);
    const gone = await newFollower();
    fake.unsubscribed.add(gone.openId);
    const a = await replyTo(database.db, ws, outside.conversation.id, 'Hola', clock);
    const b = await replyTo(database.db, ws, gone.conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, a.id)).toMatchObject({ status: 'failed', errorCode: 'wechat.45015' });
    expect(await messageRow(database.db, b.id)).toMatchObject({ status: 'failed', errorCode: 'wechat.43004' });
    const capped = await newFollower();
    const c = await replyTo(database.db, ws, capped.conversation.id, 'Hola', clock);
    fake.failNext(1, wechatError(45047), { path: SEND });
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, c.id)).toMatchObject({ status: 'failed', errorCode: 'wechat.45047' });
    for (const code of ['wechat.45015', 'wechat.45047', 'wechat.43004']) expect(explainFailure(code, 'en')).toBeTruthy();
    expect(explainFailure('wechat.45015', 'es')).toMatch(/48 h/);

    const busy = await newFollower();
    const d = await replyTo(database.db, ws, busy.conversation.id, 'Hola', clock);
    fake.failNext(1, wechatError(-1), { path: SEND });
    await deliverDue(database.db, clock);
    expect((await outboxRow(database.db, d.id))!.lastError).toMatch(/^wechat\.-1: WeChat -1: system error/);
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, d.id)).status).toBe('sent');
  });

  it('leaves a send whose answer was lost unknown, never resent', async () => {
    const { openId, conversation } = await newFollower();
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
    fake.dropNext(1, { processed: true, path: SEND });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('unknown');
    clock.advance(60 * 60_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    expect(sendsTo(openId)).toHaveLength(1);
  });

  it('a refused app secret fails the message, stops the channel and holds its queue', async () => {
    const broken = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'wechat', publicId: `wcout-broken-${kind}`, name: 'Old WeChat', secrets: { appId: app.appId, appSecret: 'rotated', token: 'servertoken1' } });
    const one = await newFollower(broken);
    const two = await newFollower(broken);
    const first = await replyTo(database.db, ws, one.conversation.id, 'Uno', clock);
    const second = await replyTo(database.db, ws, two.conversation.id, 'Dos', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, first.id)).toMatchObject({ status: 'failed', errorCode: 'wechat.40125' });
    expect((await channelRow(database.db, broken.id)).stateReason).toMatch(/^WeChat 40125: invalid appsecret/);
    expect(await attentionNotices(database.db, broken.id)).toHaveLength(1);
    expect((await messageRow(database.db, second.id)).status).toBe('queued');
    expect(sendsTo(two.openId)).toHaveLength(0);
    await reconnect(database.db, broken.id, { ...app, token: 'servertoken1' });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
  });

  it('checks the app id and secret by fetching a token', async () => {
    expect(await wechatOutbound.check(app)).toEqual({ ok: true });
    const refused = await wechatOutbound.check({ appId: 'wxunknown', appSecret: 'x' });
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.reason).toMatch(/^WeChat 40013: invalid appid rid: /);
  });
});
