import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { contactIdentities, contacts, conversations, deadlines, messages } from '@/db/schema';
import { addMessage, createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { createCaller } from '@/server/router';
import { twilioSignature } from './signature';
import { fixtureJson, fixtureText } from './testdata/load';

const TOKEN = 'hook-twilio-token';
const SECRET = 'hook-telegram-secret';

/** Twilio (SMS) and Telegram webhooks, fed the providers' real payloads. */
describe.each(testDatabaseKinds)('Twilio and Telegram webhooks (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `smstg${kind}`);
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sms', publicId: `sms-${kind}`, name: 'SMS', secrets: { authToken: TOKEN }, settings: { delivery: 'record' } });
    await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'telegram', publicId: `tg-${kind}`, name: 'Telegram', secrets: { webhookSecret: SECRET }, settings: { delivery: 'record' } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const hook = (provider: string, channelId: string, body: string, headers: Record<string, string>, base = 'http://test') =>
    POST(new Request(`${base}/api/webhooks/${provider}/${channelId}`, { method: 'POST', body, headers }), { params: Promise.resolve({ provider, channelId }) });
  /** Posts a form as Twilio does: signed over the public URL and the parameters. */
  const twilio = (form: string, opts: { signWith?: string; publicUrl?: string; headers?: Record<string, string> } = {}) => {
    const url = opts.publicUrl ?? `http://test/api/webhooks/twilio/sms-${kind}`;
    const signature = twilioSignature(url, new URLSearchParams(form), opts.signWith ?? TOKEN);
    return hook('twilio', `sms-${kind}`, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, ...opts.headers });
  };
  const telegram = (update: unknown, secret = SECRET) =>
    hook('telegram', `tg-${kind}`, JSON.stringify(update), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const countMessages = async () => (await database.db.select({ n: count() }).from(messages))[0]!.n;
  const contactByPhone = async (phone: string) => (await database.db.select().from(contacts).where(eq(contacts.phone, phone)))[0];

  it('stores an inbound SMS and answers Twilio with empty TwiML', async () => {
    const response = await twilio(fixtureText('twilio_sms_inbound.form').trim());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(await response.text()).toContain('<Response></Response>');
    const contact = await contactByPhone('+14133881111');
    expect(contact).toMatchObject({ name: '+14133881111', consent: 'unknown' });
    const [m] = await database.db.select().from(messages).where(eq(messages.providerMessageId, 'SMe287d7109a5a925f182f0e07fe5b223b'));
    expect(m).toMatchObject({ direction: 'inbound', body: 'Msg', status: 'received' });
    // Twilio's redelivery of the same MessageSid is stored once.
    const before = await countMessages();
    expect((await twilio(fixtureText('twilio_sms_inbound.form').trim())).status).toBe(200);
    expect(await countMessages()).toBe(before);
  });

  it('refuses a form signed with another token, for another URL, or changed after signing, and writes nothing', async () => {
    const body = form({ MessageSid: 'SMforged', From: '+14155550100', Body: 'hola', NumMedia: '0' });
    const before = await countMessages();
    expect((await twilio(body, { signWith: 'wrong' })).status).toBe(401);
    expect((await twilio(body, { publicUrl: 'https://elsewhere.example/api/webhooks/twilio/x' })).status).toBe(401);
    const signature = twilioSignature(`http://test/api/webhooks/twilio/sms-${kind}`, new URLSearchParams(body), TOKEN);
    const tampered = await hook('twilio', `sms-${kind}`, body.replace('hola', 'adios'), { 'x-twilio-signature': signature });
    expect(tampered.status).toBe(401);
    expect(await countMessages()).toBe(before);
  });

  it('checks the signature against the public URL a proxy forwarded', async () => {
    const body = form({ MessageSid: 'SMproxied', From: '+14155550101', Body: 'via proxy', NumMedia: '0' });
    const publicUrl = `https://inbox.example.com/api/webhooks/twilio/sms-${kind}`;
    const response = await twilio(body, { publicUrl, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'inbox.example.com' } });
    expect(response.status).toBe(200);
    expect(await contactByPhone('+14155550101')).toBeDefined();
  });

  it('keeps only the text of an MMS in the body (its files are media, not placeholder text)', async () => {
    const body = fixtureText('twilio_sms_inbound_media.form').trim().replaceAll('SMe287d7109a5a925f182f0e07fe5b223b', 'SMmedia');
    expect((await twilio(body)).status).toBe(200);
    const [m] = await database.db.select().from(messages).where(eq(messages.providerMessageId, 'SMmedia'));
    expect(m!.body).toBe('Msg');
  });

  it('a STOP revokes SMS consent, so replies are refused; START grants it again', async () => {
    const stop = fixtureJson('twilio_sms_inbound_stop_optouttype.jsonc') as Record<string, string>;
    expect((await twilio(form({ ...stop, MessageSid: 'SMstop' }))).status).toBe(200);
    const contact = await contactByPhone(stop.From!);
    expect(contact!.consent).toBe('revoked');
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
    const agent = createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.supervisor });
    const reply = { conversationId: c!.id, message: { kind: 'free_form' as const, body: 'Hola' }, quietHours: 'send_anyway' as const };
    await expect(agent.messages.send(reply)).rejects.toMatchObject({ cause: { code: 'NO_CONSENT' } });
    // Without Advanced Opt-Out there is no OptOutType: the keyword itself counts.
    expect((await twilio(form({ MessageSid: 'SMstart', From: stop.From!, Body: ' Start ', NumMedia: '0' }))).status).toBe(200);
    expect((await contactByPhone(stop.From!))!.consent).toBe('granted');
    await expect(agent.messages.send(reply)).resolves.toMatchObject({ status: 'queued', body: 'Hola' });
  });

  it("a STOP keeps nobody waiting; YES undoes a STOP but subscribes nobody new", async () => {
    const from = '+14155550199';
    expect((await twilio(form({ MessageSid: 'SMyes0', From: from, Body: 'yes', NumMedia: '0' }))).status).toBe(200);
    expect((await contactByPhone(from))!.consent).toBe('unknown');
    expect((await twilio(form({ MessageSid: 'SMstop2', From: from, Body: 'BAJA', NumMedia: '0' }))).status).toBe(200);
    const contact = await contactByPhone(from);
    expect(contact!.consent).toBe('revoked');
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
    // The earlier "yes" still waits for an answer; the STOP itself asks for none.
    expect(c!.waitingSince).not.toBeNull();
    await database.db.update(conversations).set({ waitingSince: null }).where(eq(conversations.id, c!.id));
    expect((await twilio(form({ MessageSid: 'SMstop3', From: from, Body: 'stop', NumMedia: '0' }))).status).toBe(200);
    expect((await database.db.select().from(conversations).where(eq(conversations.id, c!.id)))[0]!.waitingSince).toBeNull();
    expect((await twilio(form({ MessageSid: 'SMyes1', From: from, Body: 'Yes', NumMedia: '0' }))).status).toBe(200);
    expect((await contactByPhone(from))!.consent).toBe('granted');
  });

  it('a keyword from a new number is kept but opens no conversation and starts no protocol; REVOKE and OPTOUT are keywords', async () => {
    for (const [sid, from, word] of [['SMkw1', '+14155550301', 'OPTOUT'], ['SMkw2', '+14155550302', 'revoke'], ['SMkw3', '+14155550303', 'JOIN']] as const) {
      expect((await twilio(form({ MessageSid: sid, From: from, Body: word, NumMedia: '0' }))).status).toBe(200);
      const contact = await contactByPhone(from);
      expect(contact!.consent).toBe(word === 'JOIN' ? 'granted' : 'revoked');
      const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
      expect(c).toMatchObject({ status: 'closed', waitingSince: null });
      const kept = await database.db.select().from(messages).where(eq(messages.conversationId, c!.id));
      expect(kept.filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual([word]);
      // Only its answer went back (SPEC §8: the opt-out confirmed, the subscription welcomed).
      expect(kept.filter((m) => m.direction === 'outbound').map((m) => m.authorKind)).toEqual(['auto_message']);
      expect(await database.db.select().from(deadlines).where(eq(deadlines.conversationId, c!.id))).toEqual([]);
      // The contact's next real message opens it, like any other.
      expect((await twilio(form({ MessageSid: `${sid}b`, From: from, Body: 'Hola, una pregunta', NumMedia: '0' }))).status).toBe(200);
      expect((await database.db.select().from(conversations).where(eq(conversations.id, c!.id)))[0]!.status).toBe('open');
    }
  });

  it("a status callback with 21610 marks our message failed, says why, and revokes the contact's consent", async () => {
    const contact = await contactByPhone('+14133881111');
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
    const ours = await addMessage(database.db, c!, { direction: 'outbound', authorKind: 'agent', body: 'Te esperamos', status: 'sent', providerMessageId: 'SMours', sentAt: new Date() });
    const callback = fixtureText('twilio_status_callback_21610.form').trim().replace('SMe287d7109a5a925f182f0e07fe5b223b', 'SMours');
    expect((await twilio(callback)).status).toBe(200);
    const [after] = await database.db.select().from(messages).where(eq(messages.id, ours.id));
    expect(after).toMatchObject({ status: 'failed', errorCode: 'twilio.21610' });
    expect(after!.errorMessage).toMatch(/STOP/);
    expect((await contactByPhone('+14133881111'))!.consent).toBe('revoked');
    // "sending" tells nothing new: no update.
    expect((await twilio(form({ MessageSid: 'SMours', MessageStatus: 'sending' }))).status).toBe(200);
    expect((await database.db.select().from(messages).where(eq(messages.id, ours.id)))[0]!.status).toBe('failed');
  });

  it('names a form with no sender as a bad request', async () => {
    const response = await twilio(form({ MessageSid: 'SMnofrom', Body: 'hola' }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/From/);
  });

  it('stores the Telegram /start and then a message from the same chat, under one contact', async () => {
    const start = await telegram(fixtureJson('telegram_update_start.jsonc'));
    expect(await start.json()).toEqual({ stored: 1, duplicates: 0, updated: 0 });
    const text = fixtureJson('telegram_update_text.jsonc') as { message: { message_id: number; date: number } };
    text.message.message_id = 42;
    expect(await (await telegram(text)).json()).toMatchObject({ stored: 1 });
    const [identity] = await database.db.select().from(contactIdentities).where(eq(contactIdentities.externalId, '3527065'));
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.id, identity!.contactId));
    expect(contact!.name).toBe('Nic Pottier');
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
    const thread = await database.db.select().from(messages).where(eq(messages.conversationId, c!.id)).orderBy(messages.createdAt);
    expect(thread.map((m) => m.body)).toEqual(['/start', 'Hello World']);
    // The contact started the bot: the provider's time opens the conversation, and we may answer.
    expect(c!.lastInboundAt?.toISOString()).toBe(new Date(1454119029 * 1000).toISOString());
  });

  it('refuses a Telegram update without the secret token, and ignores group chats', async () => {
    const before = await countMessages();
    expect((await telegram(fixtureJson('telegram_update_text.jsonc'), 'wrong')).status).toBe(401);
    const group = fixtureJson('telegram_update_text.jsonc') as { message: { message_id: number; chat: { id: number; type: string } } };
    group.message.chat = { id: -100200, type: 'group' };
    group.message.message_id = 77;
    expect(await (await telegram(group)).json()).toEqual({ stored: 0, duplicates: 0, updated: 0 });
    expect(await countMessages()).toBe(before);
  });
});
