import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contactIdentities, conversations, messages } from '@/db/schema';
import { addMessage, createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { lineSignature, viberSignature } from './signature';
import { fixtureText } from './testdata/load';

const encoder = new TextEncoder();
const LINE_SECRET = 'hook-line-secret';
const VIBER_TOKEN = 'hook-viber-token';

/** LINE and Viber webhooks, fed the providers' real payloads. */
describe.each(testDatabaseKinds)('LINE and Viber webhooks (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `lv${kind}`);
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'line', publicId: `line-${kind}`, name: 'LINE', secrets: { channelSecret: LINE_SECRET } });
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'viber', publicId: `viber-${kind}`, name: 'Viber', secrets: { authToken: VIBER_TOKEN } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const hook = (provider: string, channelId: string, body: string, headers: Record<string, string>) =>
    POST(new Request(`http://test/api/webhooks/${provider}/${channelId}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }), {
      params: Promise.resolve({ provider, channelId }),
    });
  const line = (body: string, secret = LINE_SECRET) => hook('line', `line-${kind}`, body, { 'x-line-signature': lineSignature(encoder.encode(body), secret) });
  const viber = (body: string, token = VIBER_TOKEN) => hook('viber', `viber-${kind}`, body, { 'x-viber-content-signature': viberSignature(encoder.encode(body), token) });
  const countMessages = async () => (await database.db.select({ n: count() }).from(messages))[0]!.n;
  const threadOf = async (externalId: string) => {
    const [identity] = await database.db.select().from(contactIdentities).where(eq(contactIdentities.externalId, externalId));
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, identity!.contactId));
    return { conversation: c!, messages: await database.db.select().from(messages).where(eq(messages.conversationId, c!.id)).orderBy(messages.providerMessageId) };
  };

  it("stores LINE's text and sticker messages from one user, at LINE's time (a sticker with no text in its body)", async () => {
    const response = await line(fixtureText('line_webhook_messages.jsonc'));
    expect(await response.json()).toEqual({ stored: 2, duplicates: 0, updated: 0 });
    const { conversation, messages: thread } = await threadOf('uabcdefghij');
    expect(thread.map((m) => [m.providerMessageId, m.body])).toEqual([
      ['100001', 'Hello, world'],
      ['100002', ''],
    ]);
    expect(conversation.lastInboundAt?.toISOString()).toBe(new Date(1459991487970).toISOString());
  });

  it('refuses LINE events signed with another secret, and leaves group events alone', async () => {
    const before = await countMessages();
    expect((await line(fixtureText('line_webhook_messages.jsonc'), 'wrong')).status).toBe(401);
    const group = JSON.stringify({ destination: 'U1', events: [{ type: 'message', timestamp: 1459991487970, source: { type: 'group', groupId: 'g1', userId: 'u2' }, message: { id: '200001', type: 'text', text: 'hola grupo' } }] });
    expect(await (await line(group)).json()).toEqual({ stored: 0, duplicates: 0, updated: 0 });
    expect(await countMessages()).toBe(before);
  });

  it("keeps Viber's 64-bit message token exact, which JSON.parse alone would round", async () => {
    const body = fixtureText('viber_callback_message.jsonc');
    // As a double the token is 4987381189870373888: another message's id.
    expect(BigInt((JSON.parse(body) as { message_token: number }).message_token)).not.toBe(4987381189870374000n);
    expect(await (await viber(body)).json()).toEqual({ stored: 1, duplicates: 0, updated: 0 });
    const { conversation, messages: thread } = await threadOf('xy5/5y6O81+/kbWHpLhBoA==');
    expect(thread.map((m) => [m.providerMessageId, m.body])).toEqual([['4987381189870374000', 'incoming msg']]);
    expect(conversation.lastInboundAt?.toISOString()).toBe(new Date(1481142112807).toISOString());
    // Viber retries a callback it thinks failed: stored once.
    expect(await (await viber(body)).json()).toEqual({ stored: 0, duplicates: 1, updated: 0 });
  });

  it('moves our Viber message to delivered, then seen; a failure says why; a late delivered changes nothing', async () => {
    const { conversation } = await threadOf('xy5/5y6O81+/kbWHpLhBoA==');
    const token = '5098034272017990001';
    const ours = await addMessage(database.db, conversation, { direction: 'outbound', authorKind: 'agent', body: 'Hola', status: 'sent', providerMessageId: token, sentAt: new Date() });
    const event = (name: string, extra = '') => `{"event":"${name}","timestamp":1481142112900,"message_token":${token},"user_id":"xy5/5y6O81+/kbWHpLhBoA=="${extra}}`;
    expect(await (await viber(event('delivered'))).json()).toMatchObject({ updated: 1 });
    expect(await (await viber(event('seen'))).json()).toMatchObject({ updated: 1 });
    expect((await database.db.select().from(messages).where(eq(messages.id, ours.id)))[0]!.status).toBe('read');
    expect(await (await viber(event('delivered'))).json()).toMatchObject({ updated: 0 });
    expect(await (await viber(event('failed', ',"desc":"user blocked the bot"'))).json()).toMatchObject({ updated: 1 });
    expect((await database.db.select().from(messages).where(eq(messages.id, ours.id)))[0]).toMatchObject({ status: 'failed', errorMessage: 'user blocked the bot' });
  });

  it('acknowledges the set-up check and a conversation being opened without storing anything; refuses a forged one', async () => {
    const before = await countMessages();
    expect((await viber('{"event":"webhook","timestamp":1457764197627,"message_token":241256543215}')).status).toBe(200);
    expect(await (await viber(fixtureText('viber_callback_conversation_started.jsonc'))).json()).toEqual({ stored: 0, duplicates: 0, updated: 0 });
    expect((await viber(fixtureText('viber_callback_message.jsonc'), 'wrong')).status).toBe(401);
    expect(await countMessages()).toBe(before);
  });
});
