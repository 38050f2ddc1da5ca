import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as followLink } from '@/app/l/[code]/route';
import { setDatabase, type Database } from '@/db/client';
import { channels, contactEvents, contacts, conversations, jobs, messages, shortLinks, workspaces } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { attributionReport } from '@/server/attribution/report';
import { twilioSignature } from '@/server/channels/signature';
import { receiveWebhook } from '@/server/channels/webhook';
import type { Clock } from '@/server/clock';
import { recordContactEvent } from '@/server/contacts/service';
import { Effects } from '@/server/effects/unit-of-work';
import { config } from '@/server/env';
import { purgeShortLinks } from '@/server/links/service';
import { createCaller } from '@/server/router';
import { DEFAULT_SMS_REPLIES } from './policy';

const TOKEN = 'sms-answers-token';
const clockAt = (iso: string): Clock => ({ now: () => new Date(iso) });

/** SPEC §8's SMS answers and short links, through Twilio's signed webhook and the send pipeline. */
describe.each(testDatabaseKinds)('SMS answers and short links (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let sms: typeof channels.$inferSelect;
  let sid = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `sms-${kind}`);
    sms = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sms', publicId: `sms-answers-${kind}`, name: 'SMS', secrets: { authToken: TOKEN }, settings: { delivery: 'record' } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  /** A text from `from`, posted and signed as Twilio does, at `at`. */
  async function text(from: string, body: string, at: string) {
    const form = new URLSearchParams({ MessageSid: `SManswer${++sid}`, From: from, Body: body, NumMedia: '0' });
    const url = `http://test/api/webhooks/twilio/${sms.publicId}`;
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, form, TOKEN) });
    await receiveWebhook(database.db, { provider: 'twilio', publicId: sms.publicId, rawBody: new TextEncoder().encode(form.toString()), headers, url }, clockAt(at), new Effects());
  }
  const contactOf = async (phone: string) => (await database.db.select().from(contacts).where(eq(contacts.phone, phone)))[0]!;
  /** What we answered this number, oldest first. */
  async function answers(phone: string) {
    const contact = await contactOf(phone);
    const rows = await database.db
      .select({ body: messages.body, authorKind: messages.authorKind, direction: messages.direction })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.contactId, contact.id), eq(messages.direction, 'outbound')))
      .orderBy(messages.sentAt);
    expect(rows.every((r) => r.authorKind === 'auto_message')).toBe(true);
    return rows.map((r) => r.body);
  }
  const setResponder = (mode: 'everyone' | 'non_consented' | 'nobody', responder = 'Gracias por escribir: te contestamos enseguida.') =>
    createCaller({ db: database.db, clock: clockAt('2026-06-01T08:00:00Z'), user: ws.admin }).sms.saveAutoResponder({ channelId: sms.id, mode, text: mode === 'nobody' ? '' : responder });
  const defaults = (name: string) => Object.fromEntries(Object.entries(DEFAULT_SMS_REPLIES.es).map(([k, v]) => [k, v.replace('{name}', name)]));

  it('answers HELP and INFO with the help reply, in the workspace language, and opens no conversation', async () => {
    await text('+15550001001', 'HELP', '2026-06-01T10:00:00Z');
    await text('+15550001001', ' info ', '2026-06-01T10:01:00Z');
    const help = defaults(ws.workspace.name).help;
    expect(await answers('+15550001001')).toEqual([help, help]);
    const [c] = await database.db.select().from(conversations).where(eq(conversations.contactId, (await contactOf('+15550001001')).id));
    expect(c!.status).toBe('closed');
    // The workspace's own words, once written.
    await createCaller({ db: database.db, clock: clockAt('2026-06-01T10:02:00Z'), user: ws.admin }).sms.saveReplies({ locale: 'en', help: 'Sun Clinic: call 555-0100.', optOut: '', optIn: '' });
    await text('+15550001001', 'help', '2026-06-01T10:03:00Z');
    expect((await answers('+15550001001')).at(-1)).toBe('Sun Clinic: call 555-0100.');
    await database.db.update(workspaces).set({ settings: {}, locale: 'es' }).where(eq(workspaces.id, ws.workspace.id));
  });

  it('confirms an opt-out once, welcomes back a return, and confirms the next opt-out again', async () => {
    const phone = '+15550001002';
    const d = defaults(ws.workspace.name);
    await text(phone, 'STOP', '2026-06-01T11:00:00Z');
    await text(phone, 'stop', '2026-06-01T11:01:00Z');
    await text(phone, 'Baja', '2026-06-01T11:02:00Z');
    expect(await answers(phone)).toEqual([d.opt_out]);
    expect((await contactOf(phone)).consent).toBe('revoked');
    await text(phone, 'START', '2026-06-01T11:05:00Z');
    await text(phone, 'STOP', '2026-06-01T11:06:00Z');
    expect(await answers(phone)).toEqual([d.opt_out, d.opt_in, d.opt_out]);
  });

  it('the auto-responder answers everyone at most once a day, never a keyword nor an opted-out contact', async () => {
    await setResponder('everyone');
    const phone = '+15550001003';
    await text(phone, 'Hola, ¿abrís el sábado?', '2026-06-02T10:00:00Z');
    await text(phone, '¿Y el domingo?', '2026-06-02T18:00:00Z');
    expect(await answers(phone)).toEqual(['Gracias por escribir: te contestamos enseguida.']);
    await text(phone, '¿Hola?', '2026-06-03T10:00:01Z');
    expect(await answers(phone)).toHaveLength(2);
    // A keyword gets its own answer only; once out, nothing.
    await text(phone, 'STOP', '2026-06-04T10:00:00Z');
    await text(phone, 'Una pregunta más', '2026-06-05T11:00:00Z');
    expect((await answers(phone)).slice(2)).toEqual([defaults(ws.workspace.name).opt_out]);
  });

  it('in "non-consented" mode answers only those who have not subscribed; "nobody" answers no one', async () => {
    await setResponder('non_consented', 'Responde START para recibir nuestros mensajes.');
    const subscribed = '+15550001004';
    await text(subscribed, 'JOIN', '2026-06-06T10:00:00Z');
    await text(subscribed, 'Hola', '2026-06-06T10:05:00Z');
    expect(await answers(subscribed)).toEqual([defaults(ws.workspace.name).opt_in]);
    const stranger = '+15550001005';
    await text(stranger, 'Hola', '2026-06-06T10:00:00Z');
    expect(await answers(stranger)).toEqual(['Responde START para recibir nuestros mensajes.']);
    await setResponder('nobody');
    const quiet = '+15550001006';
    await text(quiet, 'Hola', '2026-06-06T10:00:00Z');
    expect(await answers(quiet)).toEqual([]);
  });

  it('refuses an auto-responder with nothing to say, naming the field', async () => {
    await expect(createCaller({ db: database.db, clock: clockAt('2026-06-01T08:00:00Z'), user: ws.admin }).sms.saveAutoResponder({ channelId: sms.id, mode: 'everyone', text: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('write the answer, or choose nobody'),
    });
    await expect(createCaller({ db: database.db, clock: clockAt('2026-06-01T08:00:00Z'), user: ws.agent }).sms.settings()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  describe('short links', () => {
    let conversationId: string;
    let contactId: string;
    beforeAll(async () => {
      const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Eva', phone: '+15550002000', consent: 'granted', identity: { channelId: sms.id, externalId: '+15550002000' } });
      contactId = contact.id;
      const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: sms.id, contactId: contact.id });
      await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: '¿Dónde reservo?', sentAt: new Date(Date.now() - 60_000) });
      conversationId = c.id;
    });
    const send = (body: string, shortenLinks?: boolean) =>
      createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.agent }).messages.send({ conversationId, message: { kind: 'free_form', body }, quietHours: 'send_anyway', shortenLinks });
    const click = (code: string) => followLink(new Request(`http://test/l/${code}`), { params: Promise.resolve({ code }) });

    it('replace the https links of an outbound SMS by ours, and a click answers 302 and is recorded', async () => {
      const base = config().PUBLIC_URL;
      const sent = await send('Reserva aquí: https://citas.example/eva?slot=9. O llama.');
      const match = new RegExp(`^Reserva aquí: ${base.replace(/[.:/]/g, '\\$&')}/l/([A-Za-z0-9]{7,})\\. O llama\\.$`).exec(sent.body);
      expect(match, sent.body).not.toBeNull();
      const code = match![1]!;
      const [link] = await database.db.select().from(shortLinks).where(eq(shortLinks.code, code));
      expect(link).toMatchObject({ url: 'https://citas.example/eva?slot=9', messageId: sent.id, contactId });
      // Kept a year.
      expect(link!.expiresAt.getTime() - link!.createdAt.getTime()).toBe(365 * 86_400_000);

      const response = await click(code);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('https://citas.example/eva?slot=9');
      const events = await database.db.select().from(contactEvents).where(and(eq(contactEvents.contactId, contactId), eq(contactEvents.type, 'link.clicked')));
      expect(events.map((e) => e.properties)).toEqual([{ url: 'https://citas.example/eva?slot=9', code, messageId: sent.id }]);
      const panel = await createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.agent }).contacts.panel({ conversationId });
      expect(panel.activity.filter((a) => a.type === 'link_click').map((a) => a.summary)).toEqual(['link.clicked · https://citas.example/eva?slot=9']);
    });

    it('leave the text alone when the agent unticks "shorten links"', async () => {
      expect((await send('Tal cual: https://citas.example/x', false)).body).toBe('Tal cual: https://citas.example/x');
    });

    it('answer 404 for a code never made, of the wrong shape, or past its year', async () => {
      expect((await click('Zz9Zz9Zz9Z')).status).toBe(404);
      expect((await click('../x')).status).toBe(404);
      const sent = await send('https://citas.example/vieja');
      const code = sent.body.split('/l/')[1]!;
      await database.db.update(shortLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shortLinks.code, code));
      expect((await click(code)).status).toBe(404);
      // The daily purge forgets it, and only it, and schedules the next purge.
      const live = (await database.db.select({ n: count() }).from(shortLinks))[0]!.n;
      await purgeShortLinks(database.db, new Date());
      expect(await database.db.select().from(shortLinks).where(eq(shortLinks.code, code))).toEqual([]);
      expect((await database.db.select({ n: count() }).from(shortLinks))[0]!.n).toBe(live - 1);
      expect(await database.db.select().from(jobs).where(eq(jobs.kind, 'short_links.purge'))).toHaveLength(1);
    });

    it('count the clicks that followed a campaign send in the attribution report', async () => {
      // Sent after the clicks of the tests above: those came before it, and do not count for it.
      const now = new Date();
      await recordContactEvent(database.db, ws.admin, contactId, { type: 'campaign.sent', occurredAt: now.toISOString(), properties: { name: 'Rebajas' } }, now, new Effects());
      const sent = await send('Ofertas: https://tienda.example/rebajas');
      await click(sent.body.split('/l/')[1]!);
      const report = await attributionReport(database.db, ws.admin, { days: 7 }, new Date(now.getTime() + 60_000));
      expect(report.rows.find((r) => r.name === 'Rebajas')).toMatchObject({ sends: 1, clicks: 1 });
    });
  });
});
