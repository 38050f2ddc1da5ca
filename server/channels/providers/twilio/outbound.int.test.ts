import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contacts } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { explainFailure } from '@/server/channels/provider-errors';
import { twilioSignature } from '@/server/channels/signature';
import { config } from '@/server/env';
import { deliverDue } from '@/server/messages/testing';
import { attentionNotices, channelRow, contactWhoWrote, messageRow, movableClock, outboxRow, reconnect, replyTo } from '../delivery-testing';
import { startTwilioFake, twilioError, type TwilioFake } from './fake';
import { twilioOutbound } from './outbound';

const ACCOUNT = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'twilio-auth-token' };
const FROM = '+15005550006';

/** SMS delivery through Twilio, by the worker, against a fake Programmable Messaging API. */
describe.each(testDatabaseKinds)('Twilio delivery (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: TwilioFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let numbers = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `twout${kind}`);
    fake = await startTwilioFake(ACCOUNT);
    process.env.PROVIDER_URL_TWILIO = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sms', publicId: `twout-${kind}`, name: 'SMS', secrets: { ...ACCOUNT, from: FROM } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    delete process.env.PROVIDER_URL_TWILIO;
    await fake.close();
    await database.close();
  });

  const newNumber = async (on = channel, phone = `+1415555${String(1000 + ++numbers)}`) => ({ phone, ...(await contactWhoWrote(database.db, ws, on, phone, clock, { phone })) });
  const sendsTo = (phone: string) => fake.messages.filter((m) => m.to === phone);
  /** Twilio posting a status callback to the URL we gave it, signed over that URL and the form. */
  const statusCallback = (url: string, fields: Record<string, string>) => {
    const form = new URLSearchParams(fields);
    const { pathname } = new URL(url);
    const [, , , provider, channelId] = pathname.split('/');
    return POST(
      new Request(url, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, form, ACCOUNT.authToken) },
      }),
      { params: Promise.resolve({ provider: provider!, channelId: channelId! }) },
    );
  };

  it('posts the form with Basic auth and a StatusCallback naming our message, and keeps the sid', async () => {
    const { phone, conversation } = await newNumber();
    const queued = await replyTo(database.db, ws, conversation.id, 'Tu cita es mañana a las 10', clock);
    await deliverDue(database.db, clock);
    const [taken] = sendsTo(phone);
    expect(taken).toMatchObject({ from: FROM, messagingServiceSid: null, body: 'Tu cita es mañana a las 10' });
    expect(taken!.statusCallback).toBe(`${config().PUBLIC_URL}/api/webhooks/twilio/twout-${kind}?messageId=${queued.id}`);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'sent', providerMessageId: taken!.sid });
    expect(fake.requests.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('sends through a messaging service when the channel has one instead of a number', async () => {
    const service = await createChannel(database.db, {
      workspaceId: ws.workspace.id,
      kind: 'sms',
      publicId: `twout-mg-${kind}`,
      name: 'SMS service',
      secrets: { ...ACCOUNT, messagingServiceSid: `MG${'b2'.repeat(16)}` },
    });
    const { phone, conversation } = await newNumber(service);
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(sendsTo(phone)).toMatchObject([{ from: null, messagingServiceSid: `MG${'b2'.repeat(16)}` }]);
    expect((await messageRow(database.db, queued.id)).status).toBe('sent');
  });

  it('fails each permanent refusal at once with its code and our explanation', async () => {
    const opted = await newNumber();
    fake.optedOut.add(opted.phone);
    const optedOut = await replyTo(database.db, ws, opted.conversation.id, 'Hola', clock);
    const invalid = await newNumber(channel, '+1234');
    const badNumber = await replyTo(database.db, ws, invalid.conversation.id, 'Hola', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, optedOut.id)).toMatchObject({ status: 'failed', errorCode: 'twilio.21610', errorMessage: 'Twilio 21610: Attempt to send to unsubscribed recipient' });
    expect(await messageRow(database.db, badNumber.id)).toMatchObject({ status: 'failed', errorCode: 'twilio.21211' });
    for (const code of [21614, 30006, 30007]) {
      const { conversation } = await newNumber();
      const queued = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
      fake.failNext(1, twilioError(code));
      await deliverDue(database.db, clock);
      expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'failed', errorCode: `twilio.${code}` });
      expect(await outboxRow(database.db, queued.id)).toBeUndefined();
    }
    for (const code of ['twilio.21610', 'twilio.21211', 'twilio.21614', 'twilio.30006', 'twilio.30007']) {
      expect(explainFailure(code, 'es')).toBeTruthy();
      expect(explainFailure(code, 'en')).toBeTruthy();
    }
    expect(explainFailure('twilio.21610', 'en')).toMatch(/opted out \(STOP\)/);
  });

  it('retries 20429 (with Retry-After) and 30003, then sends once', async () => {
    const { phone, conversation } = await newNumber();
    const queued = await replyTo(database.db, ws, conversation.id, 'Te llamo luego', clock);
    fake.failNext(1, { ...twilioError(20429), headers: { 'retry-after': '120' } });
    await deliverDue(database.db, clock);
    const row = await outboxRow(database.db, queued.id);
    expect(row!.lastError).toBe('twilio.20429: Twilio 20429: Too Many Requests');
    expect(row!.dueAt.getTime() - clock.now().getTime()).toBe(120_000);
    clock.advance(120_000);
    fake.failNext(1, twilioError(30003));
    await deliverDue(database.db, clock);
    expect(await outboxRow(database.db, queued.id)).toMatchObject({ attempts: 2, lastError: 'twilio.30003: Twilio 30003: Unreachable destination handset' });
    clock.advance(10 * 60_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('sent');
    expect(sendsTo(phone)).toHaveLength(1);
  });

  it('leaves a 5xx unknown and never resends it: Twilio may have sent it', async () => {
    const { phone, conversation } = await newNumber();
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
    fake.failNext(1, twilioError(20500));
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'unknown', errorCode: 'UNKNOWN' });
    clock.advance(60 * 60_000);
    expect(await deliverDue(database.db, clock)).toBe(0);
    expect(fake.requests.filter((r) => new URLSearchParams(r.body).get('To') === phone)).toHaveLength(1);
  });

  it("settles an unknown message by the status callback that names it, with Twilio's sid", async () => {
    const { phone, conversation } = await newNumber();
    const queued = await replyTo(database.db, ws, conversation.id, 'Confirmado', clock);
    // Twilio took it, and the answer was lost on the way back.
    fake.dropNext(1, { processed: true });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, queued.id)).status).toBe('unknown');
    const [taken] = sendsTo(phone);
    const response = await statusCallback(taken!.statusCallback!, { MessageSid: taken!.sid, MessageStatus: 'delivered', To: phone, AccountSid: ACCOUNT.accountSid });
    expect(response.status).toBe(200);
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'delivered', providerMessageId: taken!.sid, errorCode: null, errorMessage: null });
    // A forged callback naming another message of ours is refused: the signature covers the query.
    const other = await newNumber();
    const second = await replyTo(database.db, ws, other.conversation.id, 'Otro', clock);
    fake.dropNext(1, { processed: false });
    await deliverDue(database.db, clock);
    const forgedUrl = taken!.statusCallback!.replace(queued.id, second.id);
    const form = new URLSearchParams({ MessageSid: 'SMforged', MessageStatus: 'delivered' });
    const forged = await POST(
      new Request(forgedUrl, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(taken!.statusCallback!, form, ACCOUNT.authToken) } }),
      { params: Promise.resolve({ provider: 'twilio', channelId: `twout-${kind}` }) },
    );
    expect(forged.status).toBe(401);
    expect((await messageRow(database.db, second.id)).status).toBe('unknown');
  });

  it('a failed status callback naming an unknown message fails it, explained, and revokes consent on 21610', async () => {
    const { phone, contact, conversation } = await newNumber();
    const queued = await replyTo(database.db, ws, conversation.id, 'Hola', clock);
    fake.dropNext(1, { processed: true });
    await deliverDue(database.db, clock);
    const [taken] = sendsTo(phone);
    await statusCallback(taken!.statusCallback!, { MessageSid: taken!.sid, MessageStatus: 'failed', ErrorCode: '21610' });
    expect(await messageRow(database.db, queued.id)).toMatchObject({ status: 'failed', errorCode: 'twilio.21610', providerMessageId: taken!.sid });
    expect((await database.db.select().from(contacts).where(eq(contacts.id, contact.id)))[0]!.consent).toBe('revoked');
  });

  it('a refused auth token fails the message, stops the channel and holds its queue until fixed', async () => {
    const broken = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sms', publicId: `twout-broken-${kind}`, name: 'Old SMS', secrets: { ...ACCOUNT, authToken: 'revoked', from: FROM } });
    const one = await newNumber(broken);
    const two = await newNumber(broken);
    const first = await replyTo(database.db, ws, one.conversation.id, 'Uno', clock);
    const second = await replyTo(database.db, ws, two.conversation.id, 'Dos', clock);
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, first.id)).toMatchObject({ status: 'failed', errorCode: 'twilio.20003', retryable: true });
    expect(await channelRow(database.db, broken.id)).toMatchObject({ state: 'needs_attention', stateReason: 'Twilio 20003: Authenticate' });
    expect(await attentionNotices(database.db, broken.id)).toHaveLength(1);
    expect((await messageRow(database.db, second.id)).status).toBe('queued');
    expect(sendsTo(two.phone)).toHaveLength(0);
    await reconnect(database.db, broken.id, { ...ACCOUNT, from: FROM });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, second.id)).status).toBe('sent');
    expect(sendsTo(two.phone)).toHaveLength(1);
  });

  it('checks the credentials by reading the account', async () => {
    expect(await twilioOutbound.check(ACCOUNT)).toEqual({ ok: true });
    expect(fake.requests.at(-1)!.path).toBe(`/2010-04-01/Accounts/${ACCOUNT.accountSid}.json`);
    expect(await twilioOutbound.check({ ...ACCOUNT, authToken: 'wrong' })).toEqual({ ok: false, reason: 'Twilio 20003: Authenticate' });
  });
});
