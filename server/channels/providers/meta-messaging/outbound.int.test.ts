import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { contactIdentities, contacts, conversations, jobs, messages, outbox } from '@/db/schema';
import { createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { sendMessage } from '@/server/messages/send';
import { deliverDue } from '@/server/messages/testing';
import { createCaller } from '@/server/router';
import { runDueJobs } from '@/server/scheduler/loop';
import { metaSignature } from '../../signature';
import { receiveWebhook } from '../../webhook';
import { startMetaFake, type MetaFake } from '../meta-fake';
import { instagramOutbound, messengerOutbound } from './outbound';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const page = { pageId: '1234567890', pageAccessToken: 'EAApage-token', name: 'Cadence Studio' };
const ig = { accountId: '17841400000000001', accessToken: 'IGQVig-token', username: 'cadence.studio' };

describe.each(testDatabaseKinds)('Messenger and Instagram delivery and profile names against a fake Graph API (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: MetaFake;
  let messenger: Awaited<ReturnType<typeof createChannel>>;
  let instagram: Awaited<ReturnType<typeof createChannel>>;
  const now = new Date('2026-11-20T12:00:00Z');
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `mm-${kind}`);
    fake = await startMetaFake({
      messenger: [page],
      instagram: [ig],
      profiles: { '5001': { first_name: 'Peter', last_name: 'Chang' }, '5002': { first_name: 'Rosa', last_name: 'Díaz' }, '7001': { name: 'Marta Gil', username: 'marta.gil' } },
    });
    process.env.PROVIDER_URL_MESSENGER = fake.url;
    process.env.PROVIDER_URL_INSTAGRAM = fake.url;
    messenger = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'messenger', publicId: `mm-fb-${kind}`, name: 'Messenger', secrets: { ...page, appSecret: 'fb-secret' } });
    instagram = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'instagram', publicId: `mm-ig-${kind}`, name: 'Instagram', secrets: { ...ig, appSecret: 'ig-secret' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_MESSENGER;
    delete process.env.PROVIDER_URL_INSTAGRAM;
    await fake.close();
    await database.close();
  });

  async function conversationOn(channelId: string, externalId: string, lastInboundAt: Date) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: externalId, identity: { channelId, externalId } });
    return createConversation(database.db, { workspaceId: ws.workspace.id, channelId, contactId: contact.id, assigneeId: ws.agent.id, lastInboundAt });
  }
  const send = (conversationId: string, message: Parameters<typeof sendMessage>[2]['message']) =>
    sendMessage(database.db, ws.agent, { conversationId, message, quietHours: 'send_anyway' }, clock, fx);
  const messageRow = async (id: string) => (await database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  it('replies inside the window as RESPONSE with the page token and stores the message id', async () => {
    const conversation = await conversationOn(messenger.id, '4001', hoursAgo(1));
    const queued = await send(conversation.id, { kind: 'free_form', body: 'Hola, te respondo enseguida' });
    const before = fake.requests.length;
    await deliverDue(database.db, clock);

    const [request] = fake.requests.slice(before);
    expect(request).toMatchObject({ method: 'POST', path: '/v26.0/me/messages' });
    expect(request!.headers.authorization).toBe(`Bearer ${page.pageAccessToken}`);
    expect(request!.body).toEqual({ recipient: { id: '4001' }, messaging_type: 'RESPONSE', message: { text: 'Hola, te respondo enseguida' } });
    expect(await messageRow(queued.id)).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^m_/) });
  });

  it('a person’s reply after 24 h goes as MESSAGE_TAG with HUMAN_AGENT', async () => {
    const conversation = await conversationOn(messenger.id, '4002', hoursAgo(72));
    const queued = await send(conversation.id, { kind: 'tagged', tag: 'HUMAN_AGENT', body: 'Perdona la demora, ya lo tengo' });
    const before = fake.requests.length;
    await deliverDue(database.db, clock);
    expect(fake.requests[before]!.body).toEqual({
      recipient: { id: '4002' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Perdona la demora, ya lo tengo' },
    });
    expect((await messageRow(queued.id)).status).toBe('sent');
  });

  it('outside the window Meta refuses with code 10: failed at once, with its words', async () => {
    const conversation = await conversationOn(messenger.id, '4003', hoursAgo(2));
    fake.failNext({ code: 10, subcode: 2018278 }, { path: '/me/messages' });
    const queued = await send(conversation.id, { kind: 'free_form', body: 'Hola' });
    await deliverDue(database.db, clock);
    expect(await messageRow(queued.id)).toMatchObject({ status: 'failed', errorCode: 'messenger.10', retryable: false, errorMessage: '(#10) This message is sent outside of allowed window.' });
  });

  it.each([551, 200, 230])('fails at once on permanent error %i', async (code) => {
    const conversation = await conversationOn(messenger.id, `44${code}`, hoursAgo(2));
    fake.failNext({ code }, { path: '/me/messages' });
    const queued = await send(conversation.id, { kind: 'free_form', body: 'Hola' });
    await deliverDue(database.db, clock);
    expect(await messageRow(queued.id)).toMatchObject({ status: 'failed', errorCode: `messenger.${code}`, retryable: false });
  });

  it('a rate limit (613) is retried after the backoff and then sent once', async () => {
    const conversation = await conversationOn(messenger.id, '4004', hoursAgo(2));
    fake.failNext({ code: 613 }, { path: '/me/messages' });
    const queued = await send(conversation.id, { kind: 'free_form', body: 'Sin prisa' });
    await deliverDue(database.db, clock);
    const [waiting] = await database.db.select().from(outbox).where(eq(outbox.messageId, queued.id));
    expect(waiting!.dueAt.getTime()).toBe(now.getTime() + 2_000);
    await deliverDue(database.db, { now: () => new Date(now.getTime() + 2_000) });
    expect((await messageRow(queued.id)).status).toBe('sent');
  });

  it('Instagram sends through `me/messages` with the account’s token, HUMAN_AGENT for a person after 24 h', async () => {
    const conversation = await conversationOn(instagram.id, '7005', hoursAgo(30));
    const queued = await send(conversation.id, { kind: 'tagged', tag: 'HUMAN_AGENT', body: 'Te escribo yo, Laura' });
    const before = fake.requests.length;
    await deliverDue(database.db, clock);
    expect(fake.requests[before]!.headers.authorization).toBe(`Bearer ${ig.accessToken}`);
    expect(fake.requests[before]!.body).toEqual({ recipient: { id: '7005' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Te escribo yo, Laura' } });
    expect((await messageRow(queued.id)).status).toBe('sent');
  });

  it('checks a page and an account with one harmless read each, refused in Meta’s words', async () => {
    expect(await messengerOutbound.check({ ...page })).toEqual({ ok: true });
    expect(await instagramOutbound.check({ ...ig })).toEqual({ ok: true });
    expect(await messengerOutbound.check({ ...page, pageAccessToken: 'expired' })).toEqual({ ok: false, reason: 'Invalid OAuth access token - Cannot parse access token' });
    const reads = fake.requests.filter((r) => r.method === 'GET' && (r.path === `/v26.0/${page.pageId}` || r.path === `/v26.0/${ig.accountId}`));
    expect(reads.map((r) => r.query.fields)).toEqual(['name', 'username', 'name']);
  });

  /** A first message from someone Cadence does not know yet, as Meta posts it. */
  function firstMessage(channel: typeof messenger, object: 'page' | 'instagram', ownId: string, psid: string, secret: string) {
    const body = JSON.stringify({
      object,
      entry: [{ id: ownId, time: now.getTime(), messaging: [{ sender: { id: psid }, recipient: { id: ownId }, timestamp: now.getTime(), message: { mid: `mid.${psid}`, text: 'Hola, ¿tenéis hueco?' } }] }],
    });
    const rawBody = new TextEncoder().encode(body);
    const headers = new Headers({ 'x-hub-signature-256': metaSignature(rawBody, secret) });
    return receiveWebhook(database.db, { provider: object === 'page' ? 'messenger' : 'instagram', publicId: channel.publicId, rawBody, headers, url: 'http://test/' }, clock, fx);
  }
  const contactOf = async (channelId: string, externalId: string) =>
    (
      await database.db
        .select({ contact: contacts })
        .from(contactIdentities)
        .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
        .where(and(eq(contactIdentities.channelId, channelId), eq(contactIdentities.externalId, externalId)))
    )[0]!.contact;
  const profileReads = (id: string) => fake.requests.filter((r) => r.method === 'GET' && r.path === `/v26.0/${id}`);

  it('names a new Messenger contact from its profile in a background job, not in the webhook', async () => {
    expect(await firstMessage(messenger, 'page', page.pageId, '5001', 'fb-secret')).toMatchObject({ stored: 1 });
    expect((await contactOf(messenger.id, '5001')).name).toBe('5001');
    expect(profileReads('5001')).toHaveLength(0);
    const [job] = await database.db.select().from(jobs).where(eq(jobs.kind, 'contact.profile'));
    expect(job!.payload).toEqual({ contactId: (await contactOf(messenger.id, '5001')).id, channelId: messenger.id, externalId: '5001' });

    await runDueJobs(database.db, jobHandlers, clock);
    expect((await contactOf(messenger.id, '5001')).name).toBe('Peter Chang');
    const [read] = profileReads('5001');
    expect(read).toMatchObject({ query: { fields: 'first_name,last_name' } });
    expect(read!.headers.authorization).toBe(`Bearer ${page.pageAccessToken}`);
  });

  it('names an Instagram contact by the profile’s name', async () => {
    await firstMessage(instagram, 'instagram', ig.accountId, '7001', 'ig-secret');
    await runDueJobs(database.db, jobHandlers, clock);
    expect((await contactOf(instagram.id, '7001')).name).toBe('Marta Gil');
    expect(profileReads('7001')[0]!.query.fields).toBe('name,username');
  });

  it('never overwrites a name an agent gave the contact', async () => {
    await firstMessage(messenger, 'page', page.pageId, '5002', 'fb-secret');
    const contact = await contactOf(messenger.id, '5002');
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact.id));
    await database.db.update(conversations).set({ assigneeId: ws.agent.id }).where(eq(conversations.id, conversation!.id));
    // An agent names them before the job gets to run.
    await createCaller({ db: database.db, clock, user: ws.agent }).contacts.update({ contactId: contact.id, name: 'Rosa (clienta de Madrid)', email: '', timeZone: '', locale: '' });

    await runDueJobs(database.db, jobHandlers, clock);
    expect(await contactOf(messenger.id, '5002')).toMatchObject({ name: 'Rosa (clienta de Madrid)', nameEdited: true });
    expect(profileReads('5002')).toHaveLength(0);
  });
});
