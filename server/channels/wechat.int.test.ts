import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contactIdentities, conversations, messages } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { wechatSignature } from './signature';
import { fixtureText } from './testdata/load';

const TOKEN = 'hook-wechat-token';

/** WeChat Official Account webhooks (plaintext mode), fed the provider's real XML. */
describe.each(testDatabaseKinds)('WeChat webhooks (%s)', (kind) => {
  let database: Database;
  const channelId = `wechat-${kind}`;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    const ws = await createTestWorkspace(database.db, `wx${kind}`);
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'wechat', publicId: channelId, name: 'WeChat', secrets: { token: TOKEN }, settings: { wechatMessageCap: 5 } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  /**
   * The query string WeChat signs: timestamp, nonce, and the SHA-1 of them with the token. Each
   * request WeChat sends has a nonce of its own and the time it was sent.
   */
  let sent = 0;
  const signed = (token = TOKEN, extra = '', at = new Date()) => {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const nonce = `n0nce${++sent}`;
    return `signature=${wechatSignature(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}${extra}`;
  };
  const post = (body: string, query = signed()) =>
    POST(new Request(`http://test/api/webhooks/wechat/${channelId}?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } }), {
      params: Promise.resolve({ provider: 'wechat', channelId }),
    });
  const countMessages = async () => (await database.db.select({ n: count() }).from(messages))[0]!.n;

  it('answers the server check with echostr only when the query is signed with the token', async () => {
    const get = (query: string) => GET(new Request(`http://test/api/webhooks/wechat/${channelId}?${query}`), { params: Promise.resolve({ provider: 'wechat', channelId }) });
    const ok = await get(signed(TOKEN, '&echostr=hello123'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('hello123');
    expect((await get(signed('other', '&echostr=hello123'))).status).toBe(403);
  });

  it('stores a text message and answers "success"', async () => {
    const response = await post(fixtureText('wechat_inbound_text.xml'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('success');
    const [identity] = await database.db.select().from(contactIdentities).where(eq(contactIdentities.externalId, '1234'));
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, identity!.contactId));
    const thread = await database.db.select().from(messages).where(eq(messages.conversationId, c!.id));
    expect(thread.map((m) => [m.providerMessageId, m.body])).toEqual([['123456', 'Simple Message']]);
    // This sender writes CreateTime in milliseconds; WeChat itself writes seconds. Both are read.
    expect(c!.lastInboundAt?.toISOString()).toBe(new Date(1518774424438).toISOString());
    const seconds = fixtureText('wechat_inbound_text.xml').replace('1518774424438', '1518774500').replace('123456', '123457').replace('Simple Message', 'a &amp; b');
    expect((await post(seconds)).status).toBe(200);
    const [again] = await database.db.select().from(messages).where(eq(messages.providerMessageId, '123457'));
    expect(again).toMatchObject({ body: 'a &amp; b', sentAt: new Date(1518774500 * 1000) });
  });

  it('decodes entities outside CDATA, and stores an event as nothing', async () => {
    const plain = '<xml><ToUserName>gh_1</ToUserName><FromUserName>5678</FromUserName><CreateTime>1518774600</CreateTime><MsgType>text</MsgType><Content>pan &amp; sal &lt;3</Content><MsgId>900001</MsgId></xml>';
    expect((await post(plain)).status).toBe(200);
    expect((await database.db.select().from(messages).where(eq(messages.providerMessageId, '900001')))[0]!.body).toBe('pan & sal <3');
    const before = await countMessages();
    expect((await post(fixtureText('wechat_event_subscribe.xml'))).status).toBe(200);
    expect(await countMessages()).toBe(before);
  });

  it('refuses an unsigned or wrongly signed request and a body that is not WeChat XML, writing nothing', async () => {
    const before = await countMessages();
    expect((await post(fixtureText('wechat_inbound_text.xml'), '')).status).toBe(401);
    expect((await post(fixtureText('wechat_inbound_text.xml'), signed('other'))).status).toBe(401);
    const bad = await post('<html><body>hola</body></html>');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/xml/i);
    const noSender = await post('<xml><MsgType>text</MsgType><CreateTime>1</CreateTime><MsgId>1</MsgId></xml>');
    expect((await noSender.json()).error.message).toMatch(/FromUserName/);
    expect(await countMessages()).toBe(before);
  });

  it('refuses a replayed query string: the same signed request twice stores once, a forged body under it stores nothing', async () => {
    const query = signed();
    const body = (id: string, text: string) =>
      `<xml><ToUserName>gh_1</ToUserName><FromUserName>replayed</FromUserName><CreateTime>1518774700</CreateTime><MsgType>text</MsgType><Content>${text}</Content><MsgId>${id}</MsgId></xml>`;
    expect((await post(body('910001', 'hola'), query)).status).toBe(200);
    const before = await countMessages();
    const again = await post(body('910001', 'hola'), query);
    expect(again.status).toBe(401);
    expect((await again.json()).error.message).toMatch(/^nonce: /);
    // The signature covers no body: one leaked URL would otherwise post anything.
    expect((await post(body('910002', 'mensaje falso'), query)).status).toBe(401);
    expect(await countMessages()).toBe(before);
    expect(await database.db.select().from(messages).where(eq(messages.providerMessageId, '910002'))).toEqual([]);
  });

  it('lets a request that was refused for its body come again under the same query (WeChat retries what failed)', async () => {
    const query = signed();
    expect((await post('<xml><MsgType>text</MsgType></xml>', query)).status).toBe(400);
    const retry = `<xml><ToUserName>gh_1</ToUserName><FromUserName>retried</FromUserName><CreateTime>1518774750</CreateTime><MsgType>text</MsgType><Content>otra vez</Content><MsgId>915001</MsgId></xml>`;
    expect((await post(retry, query)).status).toBe(200);
    expect(await database.db.select({ body: messages.body }).from(messages).where(eq(messages.providerMessageId, '915001'))).toEqual([{ body: 'otra vez' }]);
  });

  it('refuses a query signed more than 5 minutes from now, either way, writing nothing', async () => {
    const before = await countMessages();
    const body = (id: string) => `<xml><ToUserName>gh_1</ToUserName><FromUserName>late</FromUserName><CreateTime>1518774800</CreateTime><MsgType>text</MsgType><Content>tarde</Content><MsgId>${id}</MsgId></xml>`;
    for (const [id, offsetMs] of [['920001', -6 * 60_000], ['920002', 6 * 60_000]] as const) {
      const response = await post(body(id), signed(TOKEN, '', new Date(Date.now() + offsetMs)));
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/^timestamp: /);
    }
    expect(await countMessages()).toBe(before);
    // Within the window (a slow network, a clock a little off) is accepted.
    expect((await post(body('920003'), signed(TOKEN, '', new Date(Date.now() - 4 * 60_000)))).status).toBe(200);
  });
});
