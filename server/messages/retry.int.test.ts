import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postRetry } from '@/app/api/v1/conversations/[id]/messages/[messageId]/retry/route';
import { POST as postMessage } from '@/app/api/v1/conversations/[id]/messages/route';
import { setDatabase, type Database } from '@/db/client';
import { channels, conversations, messages, outbox } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { systemClock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { deliverDue, deliveriesOf } from './testing';
import { ApiMessage } from './view';

const HOUR = 3_600_000;

describe.each(testDatabaseKinds)('retrying a failed message (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, 'retry-a');
    b = await createTestWorkspace(database.db, 'retry-b');
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  async function call<P>(handler: (r: Request, ctx: { params: Promise<P> }) => Promise<Response>, url: string, params: P, body?: unknown, token = 'retry-a-agent-token') {
    const response = await handler(
      new Request(`http://test${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }),
      { params: Promise.resolve(params) },
    );
    return { status: response.status, body: await response.json() };
  }
  const retry = (conversationId: string, messageId: string, token?: string) =>
    call(postRetry, `/api/v1/conversations/${conversationId}/messages/${messageId}/retry`, { id: conversationId, messageId }, undefined, token);

  /** A conversation whose contact wrote `agoMs` before now, and an agent's reply the delivery worker then failed as `failure` says. */
  async function failedReply(ws: TestWorkspace, channel: { id: string }, name: string, failure: { status?: 'failed' | 'unknown'; retryable: boolean; errorCode: string }, agoMs = HOUR) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name, identity: { channelId: channel.id, externalId: name } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: channel.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date(Date.now() - agoMs) });
    const sent = await call(postMessage, `/api/v1/conversations/${c.id}/messages`, { id: c.id }, { kind: 'free_form', body: `Hola ${name}` }, `${ws.tokens.agent}`);
    expect(sent.status).toBe(201);
    // How the worker settles a failure (server/messages/outbox.ts): the row gone, the message failed with its code.
    await database.db.delete(outbox).where(eq(outbox.messageId, sent.body.id));
    await database.db
      .update(messages)
      .set({ status: failure.status ?? 'failed', retryable: failure.retryable, errorCode: failure.errorCode, errorMessage: 'as the provider said it' })
      .where(eq(messages.id, sent.body.id));
    return { conversationId: c.id, messageId: sent.body.id as string };
  }
  const rowOf = async (messageId: string) => (await database.db.select().from(messages).where(eq(messages.id, messageId)))[0]!;
  const outboxRows = async (messageId: string) => (await database.db.select({ n: count() }).from(outbox).where(eq(outbox.messageId, messageId)))[0]!.n;

  it('queues a retryable failed message again, once, and it is delivered', async () => {
    const { conversationId, messageId } = await failedReply(a, a.sandbox, 'gave-up', { retryable: true, errorCode: 'GAVE_UP' });
    const answer = await retry(conversationId, messageId);
    expect(answer.status).toBe(200);
    expect(ApiMessage.parse(answer.body)).toMatchObject({ id: messageId, status: 'queued', error: null, retryable: false });
    expect(await outboxRows(messageId)).toBe(1);
    // A second click finds it queued: refused, nothing queued twice.
    const again = await retry(conversationId, messageId);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', refusal: 'NOT_FAILED' });
    await deliverDue(database.db, systemClock);
    expect((await rowOf(messageId)).status).toBe('sent');
    expect(await deliveriesOf(database.db, conversationId)).toBe(1);
  });

  it('two retries at once queue it once', async () => {
    const { conversationId, messageId } = await failedReply(a, a.sandbox, 'double-click', { retryable: true, errorCode: 'GAVE_UP' });
    const answers = await Promise.all([retry(conversationId, messageId), retry(conversationId, messageId)]);
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
    await deliverDue(database.db, systemClock);
    expect(await deliveriesOf(database.db, conversationId)).toBe(1);
  });

  it('refuses a permanent failure and an unknown outcome, saying why, and leaves them as they were', async () => {
    const permanent = await failedReply(a, a.sandbox, 'opted-out', { retryable: false, errorCode: 'twilio.21610' });
    const refused = await retry(permanent.conversationId, permanent.messageId);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', refusal: 'PERMANENT' });
    expect(await rowOf(permanent.messageId)).toMatchObject({ status: 'failed', errorCode: 'twilio.21610' });

    const unknown = await failedReply(a, a.sandbox, 'dropped', { status: 'unknown', retryable: false, errorCode: 'UNKNOWN' });
    const doubtful = await retry(unknown.conversationId, unknown.messageId);
    expect(doubtful.body.error).toMatchObject({ code: 'CONFLICT', refusal: 'UNKNOWN_OUTCOME' });
    expect(doubtful.body.error.message).toContain('check before resending');
    expect(await outboxRows(unknown.messageId)).toBe(0);
  });

  it("waits for the channel: refused while it needs attention or is disabled, allowed once it is connected again", async () => {
    const { conversationId, messageId } = await failedReply(a, a.sandbox, 'token-expired', { retryable: true, errorCode: 'whatsapp.190' });
    const setState = (state: 'connected' | 'needs_attention' | 'disabled') => database.db.update(channels).set({ state }).where(eq(channels.id, a.sandbox.id));
    try {
      await setState('needs_attention');
      expect((await retry(conversationId, messageId)).body.error.refusal).toBe('CHANNEL_NEEDS_ATTENTION');
      await setState('disabled');
      expect((await retry(conversationId, messageId)).body.error.refusal).toBe('CHANNEL_DISABLED');
    } finally {
      await setState('connected');
    }
    expect((await retry(conversationId, messageId)).status).toBe(200);
  });

  it('checks the window again first: past 24 h on WhatsApp it is refused as a send is, 422, and stays failed', async () => {
    const { conversationId, messageId } = await failedReply(a, a.whatsapp, 'late', { retryable: true, errorCode: 'GAVE_UP' }, 23.5 * HOUR);
    // Sent inside the window; by the time of the retry the contact last wrote 25 h ago.
    await database.db.update(conversations).set({ lastInboundAt: new Date(Date.now() - 25 * HOUR) }).where(eq(conversations.id, conversationId));
    const refused = await retry(conversationId, messageId);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('TEMPLATE_REQUIRED');
    expect(await rowOf(messageId)).toMatchObject({ status: 'failed', retryable: true });
    expect(await outboxRows(messageId)).toBe(0);
  });

  it("answers 404 for another workspace's conversation and for a message of another conversation", async () => {
    const foreign = await failedReply(b, b.sandbox, 'foreign', { retryable: true, errorCode: 'GAVE_UP' });
    expect((await retry(foreign.conversationId, foreign.messageId)).status).toBe(404);
    const mine = await failedReply(a, a.sandbox, 'mine', { retryable: true, errorCode: 'GAVE_UP' });
    const crossed = await retry(mine.conversationId, foreign.messageId);
    expect(crossed.status).toBe(404);
    expect(crossed.body.error.message).toContain('messageId');
    expect((await rowOf(foreign.messageId)).status).toBe('failed');
    expect((await call(postRetry, '/x', { id: mine.conversationId, messageId: 'nope' })).body.error.message).toBe('messageId: not a message id');
  });

  it('the thread shows which failed messages may be retried, and its retry action queues them', async () => {
    const { conversationId, messageId } = await failedReply(a, a.sandbox, 'from-thread', { retryable: true, errorCode: 'GAVE_UP' });
    const caller = createCaller({ db: database.db, clock: systemClock, user: a.agent });
    const thread = await caller.messages.thread({ conversationId });
    expect(thread.data.find((m) => m.id === messageId)).toMatchObject({ status: 'failed', retryable: true, error: { code: 'GAVE_UP' } });
    expect(await caller.messages.retry({ conversationId, messageId })).toMatchObject({ status: 'queued', retryable: false, error: null });
  });
});
