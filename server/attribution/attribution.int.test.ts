import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { contactIdentities, conversations, messages } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { ContactEventBody } from '@/server/contacts/schemas';
import { recordContactEvent } from '@/server/contacts/service';
import { createCaller } from '@/server/router';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const hoursAfter = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

describe.each(testDatabaseKinds)('campaign and flow attribution (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let n = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `attr${kind}`);
  });
  afterAll(() => database.close());

  /** A contact who writes through the sandbox channel; returns helpers to write, send to and read them. */
  async function person() {
    n += 1;
    const externalId = `attr-${kind}-${n}`;
    const write = (iso: string, body = 'hola') =>
      ingest(
        database.db,
        ws.sandbox,
        { messages: [{ providerMessageId: `${externalId}-${iso}-${body}`, externalId, contactName: `Persona ${n}`, contactPhone: null, body, sentAt: new Date(iso), echo: false }], updates: [] },
        at(iso), fx,
      );
    await write('2026-11-01T00:00:00Z', 'first contact, long ago');
    const [identity] = await database.db.select().from(contactIdentities).where(eq(contactIdentities.externalId, externalId));
    const contactId = identity!.contactId;
    const event = (type: string, iso: string, properties: Record<string, unknown> = {}) =>
      recordContactEvent(database.db, ws.admin, contactId, ContactEventBody.parse({ type, occurredAt: iso, properties }), new Date(iso), fx);
    const credited = async () => {
      const rows = await database.db
        .select({ body: messages.body, sendId: messages.attributedSendId, campaign: conversations.attributedCampaign })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(eq(conversations.contactId, contactId))
        .orderBy(messages.sentAt);
      return rows.filter((r) => r.sendId).map((r) => r.body);
    };
    const campaignOf = async () => (await database.db.select().from(conversations).where(eq(conversations.contactId, contactId)))[0]!.attributedCampaign;
    return { contactId, write, event, credited, campaignOf };
  }

  it('credits the first reply within 24 h to the campaign, files the conversation under it, and the inbox filter finds it', async () => {
    const p = await person();
    await p.event('campaign.sent', '2026-11-20T10:00:00Z', { name: 'Campaña de invierno' });
    await p.write('2026-11-20T10:05:00Z', 'me interesa');
    await p.write('2026-11-20T10:06:00Z', '¿qué precio tiene?');
    expect(await p.credited()).toEqual(['me interesa']);
    expect(await p.campaignOf()).toBe('Campaña de invierno');
    const list = await createCaller({ db: database.db, clock: at('2026-11-20T11:00:00Z'), user: ws.supervisor }).conversations.list({ tab: 'all', campaign: 'Campaña de invierno' });
    expect(list.data.map((c) => c.contact.id)).toEqual([p.contactId]);
  });

  it('credits nothing past the window; a longer window set by a manager applies to sends recorded after it', async () => {
    const p = await person();
    await p.event('campaign.sent', '2026-11-20T10:00:00Z', { name: 'Tarde' });
    await p.write(hoursAfter('2026-11-20T10:00:00Z', 25), 'llego tarde');
    expect(await p.credited()).toEqual([]);
    const manager = createCaller({ db: database.db, clock: at('2026-11-22T00:00:00Z'), user: ws.admin });
    await expect(manager.attribution.setWindow({ hours: 0 })).rejects.toThrow(/at least 1 hour/);
    await manager.attribution.setWindow({ hours: 48 });
    await p.event('campaign.sent', '2026-11-23T10:00:00Z', { name: 'Tarde 2' });
    await p.write(hoursAfter('2026-11-23T10:00:00Z', 30), 'ahora sí');
    // The first send keeps its 24 h: its late reply stays uncredited, whatever came near it since.
    expect(await p.credited()).toEqual(['ahora sí']);
    await manager.attribution.setWindow({ hours: 24 });
    await expect(createCaller({ db: database.db, clock: at('2026-11-22T00:00:00Z'), user: ws.agent }).attribution.setWindow({ hours: 12 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('credits the last send received: a campaign, then a flow, then the reply goes to the flow', async () => {
    const p = await person();
    await p.event('campaign.sent', '2026-11-20T10:00:00Z', { name: 'Campaña A' });
    await p.event('flow.sent', '2026-11-20T12:00:00Z', { name: 'Flujo B' });
    await p.write('2026-11-20T12:30:00Z', 'respondo');
    expect(await p.campaignOf()).toBe('Flujo B');
  });

  it('a send recorded after its reply arrived still credits it, and tells the inbox', async () => {
    const p = await person();
    await p.write('2026-11-20T10:05:00Z', 'vi vuestro mensaje');
    expect(await p.credited()).toEqual([]);
    await p.event('campaign.sent', '2026-11-20T10:00:00Z', { name: 'Campaña tardía' });
    expect(await p.credited()).toEqual(['vi vuestro mensaje']);
    expect(await p.campaignOf()).toBe('Campaña tardía');
  });

  it('a flow recorded after the reply, but sent before it, takes the credit from the earlier campaign', async () => {
    const p = await person();
    await p.event('campaign.sent', '2026-11-20T09:00:00Z', { name: 'Campaña temprana' });
    await p.write('2026-11-20T10:05:00Z', 'respondo');
    expect(await p.campaignOf()).toBe('Campaña temprana');
    await p.event('flow.sent', '2026-11-20T10:00:00Z', { name: 'Flujo tardío' });
    expect(await p.credited()).toEqual(['respondo']);
    expect(await p.campaignOf()).toBe('Flujo tardío');
    const reporter = createCaller({ db: database.db, clock: at('2026-11-21T00:00:00Z'), user: ws.admin });
    const rows = (await reporter.attribution.report({ days: 7 })).rows;
    expect(rows.find((r) => r.name === 'Campaña temprana')).toMatchObject({ sends: 1, replies: 0 });
    expect(rows.find((r) => r.name === 'Flujo tardío')).toMatchObject({ sends: 1, replies: 1 });
  });

  it('a first reply whose webhook arrives after a later one takes the credit: only the first reply counts', async () => {
    const p = await person();
    await p.event('campaign.sent', '2026-11-20T09:00:00Z', { name: 'Orden' });
    await p.write('2026-11-20T09:20:00Z', 'segunda');
    expect(await p.credited()).toEqual(['segunda']);
    await p.write('2026-11-20T09:10:00Z', 'primera');
    expect(await p.credited()).toEqual(['primera']);
  });

  it('a reply and its send arriving at the same moment: the reply is credited exactly once, every time', async () => {
    for (let i = 0; i < 10; i++) {
      const p = await person();
      await Promise.all([p.event('campaign.sent', '2026-11-24T09:00:00Z', { name: `Carrera ${kind}` }), p.write('2026-11-24T09:05:00Z', `carrera ${i}`)]);
      expect(await p.credited()).toEqual([`carrera ${i}`]);
      expect(await p.campaignOf()).toBe(`Carrera ${kind}`);
    }
  });

  it('refuses a send without the campaign name, naming the field', async () => {
    const parsed = ContactEventBody.safeParse({ type: 'campaign.sent', occurredAt: '2026-11-20T10:00:00Z', properties: {} });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['properties.name']);
  });

  it('reports per campaign: sends, replies, conversations, and the bookings and orders that followed within 7 days', async () => {
    const reporter = createCaller({ db: database.db, clock: at('2026-11-28T00:00:00Z'), user: ws.admin });
    const before = (await reporter.attribution.report({ days: 30 })).rows.find((r) => r.name === 'Rebajas');
    expect(before).toBeUndefined();
    const buyer = await person();
    const booker = await person();
    const silent = await person();
    for (const p of [buyer, booker, silent]) await p.event('campaign.sent', '2026-11-25T09:00:00Z', { name: 'Rebajas' });
    await buyer.write('2026-11-25T09:10:00Z', 'quiero el bono');
    await buyer.event('order.placed', '2026-11-25T11:00:00Z', { orderId: 'R-1', total: 90, currency: 'EUR', items: [] });
    await buyer.event('order.placed', '2026-12-05T11:00:00Z', { orderId: 'R-2', total: 50, currency: 'EUR', items: [] });
    await booker.write('2026-11-25T10:00:00Z', 'reservo');
    await booker.write('2026-11-25T10:01:00Z', 'el martes');
    await booker.event('session.booked', '2026-11-26T10:00:00Z');
    const row = (await reporter.attribution.report({ days: 30 })).rows.find((r) => r.name === 'Rebajas');
    // R-2 came ten days after the reply: not counted.
    expect(row).toEqual({ kind: 'campaign', name: 'Rebajas', sends: 3, replies: 2, conversations: 2, bookings: 1, orders: 1, clicks: 0, revenue: [{ currency: 'EUR', total: 90 }] });
    // Out of the period: nothing.
    const later = createCaller({ db: database.db, clock: at('2027-01-10T00:00:00Z'), user: ws.admin });
    expect((await later.attribution.report({ days: 7 })).rows.find((r) => r.name === 'Rebajas')).toBeUndefined();
    // Agents do not see reports; another workspace sees none of this one's campaigns.
    await expect(createCaller({ db: database.db, clock: at('2026-11-28T00:00:00Z'), user: ws.agent }).attribution.report({ days: 30 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await createTestWorkspace(database.db, `attr-other-${kind}`);
    expect((await createCaller({ db: database.db, clock: at('2026-11-28T00:00:00Z'), user: other.admin }).attribution.report({ days: 30 })).rows).toEqual([]);
  });
});
