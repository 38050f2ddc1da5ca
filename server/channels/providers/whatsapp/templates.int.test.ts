import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { jobs, messages, templates } from '@/db/schema';
import { createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { sendMessage } from '@/server/messages/send';
import { deliverDue } from '@/server/messages/testing';
import { runDueJobs } from '@/server/scheduler/loop';
import { createCaller } from '@/server/router';
import { metaSignature } from '../../signature';
import { receiveWebhook } from '../../webhook';
import { startMetaFake, type MetaFake } from '../meta-fake';
import type { FakeTemplate } from '../meta-fake-rules';
import { scheduleTemplateSync, SYNC_EVERY_MS } from './template-sync';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const number = { phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'EAAwa-templates' };

const orderUpdate: FakeTemplate = {
  id: '1001',
  name: 'order_update',
  language: 'es_MX',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
    { type: 'BODY', text: 'Hola {{1}}, tu pedido {{2}} ya salió.' },
    { type: 'FOOTER', text: 'Cadence' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Seguir', url: 'https://track.example/{{1}}' }, { type: 'QUICK_REPLY', text: 'Gracias' }] },
  ],
};
const welcome: FakeTemplate = {
  id: '1002',
  name: 'welcome_named',
  language: 'en_US',
  status: 'APPROVED',
  category: 'MARKETING',
  parameter_format: 'NAMED',
  components: [{ type: 'BODY', text: 'Hi {{first_name}}, your code is {{code}}.' }],
};
const pending: FakeTemplate = { id: '1003', name: 'promo', language: 'es', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Novedades' }] };
const paused: FakeTemplate = { id: '1004', name: 'reminder', language: 'es', status: 'PAUSED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Recordatorio' }] };
const rejected: FakeTemplate = { id: '1005', name: 'otp', language: 'en', status: 'REJECTED', category: 'AUTHENTICATION', components: [{ type: 'BODY', text: '{{1}} is your code' }] };

describe.each(testDatabaseKinds)('WhatsApp templates synced from Meta (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: MetaFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const now = new Date('2026-11-20T12:00:00Z');
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `wa-tpl-${kind}`);
    fake = await startMetaFake({ whatsapp: [number], templates: { [number.wabaId]: [orderUpdate, welcome, pending, paused, rejected] }, maxPageSize: 2 });
    process.env.PROVIDER_URL_WHATSAPP = fake.url;
    channel = await createChannel(database.db, {
      workspaceId: ws.workspace.id,
      kind: 'whatsapp',
      publicId: `wa-tpl-${kind}`,
      name: 'WhatsApp Meta',
      secrets: { ...number, appSecret: 'tpl-secret' },
    });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WHATSAPP;
    await fake.close();
    await database.close();
  });

  const synced = async () =>
    Object.fromEntries((await database.db.select().from(templates).where(eq(templates.channelId, channel.id))).map((t) => [`${t.name}/${t.metaLanguage}`, t]));
  const idOf = async (name: string) => (await database.db.select().from(templates).where(and(eq(templates.channelId, channel.id), eq(templates.name, name))))[0]!.id;

  /** A conversation whose contact last wrote two days ago: outside the window, only approved templates go. */
  async function closedConversation(phone: string) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Ana Ruiz', phone: `+${phone}`, identity: { channelId: channel.id, externalId: phone } });
    return createConversation(database.db, {
      workspaceId: ws.workspace.id,
      channelId: channel.id,
      contactId: contact.id,
      assigneeId: ws.agent.id,
      lastInboundAt: new Date(now.getTime() - 48 * 3_600_000),
    });
  }
  const sendTemplate = (conversationId: string, templateId: string, params: Record<string, string>) =>
    sendMessage(database.db, ws.agent, { conversationId, message: { kind: 'template', templateId, params }, quietHours: 'send_anyway' }, clock, fx);

  it('the hourly job reads every page of the account’s templates and keeps them, then schedules its next run', async () => {
    await scheduleTemplateSync(database.db, channel.id, now);
    await runDueJobs(database.db, jobHandlers, clock);

    const listings = fake.requests.filter((r) => r.path === `/v26.0/${number.wabaId}/message_templates`);
    expect(listings).toHaveLength(3);
    expect(listings[0]!.query.after).toBeUndefined();
    expect(listings[1]!.query.after).toBeTruthy();
    expect(listings.every((r) => r.headers.authorization === `Bearer ${number.accessToken}`)).toBe(true);

    const rows = await synced();
    expect(Object.keys(rows).sort()).toEqual(['order_update/es_MX', 'otp/en', 'promo/es', 'reminder/es', 'welcome_named/en_US']);
    expect(rows['order_update/es_MX']).toMatchObject({
      workspaceId: ws.workspace.id,
      ownerId: null,
      metaId: '1001',
      language: 'es',
      body: 'Hola {{1}}, tu pedido {{2}} ya salió.',
      whatsappStatus: 'approved',
      whatsappCategory: 'utility',
      parameterFormat: 'positional',
      channelKinds: ['whatsapp'],
      components: orderUpdate.components,
      archivedAt: null,
    });
    expect(rows['welcome_named/en_US']).toMatchObject({ whatsappStatus: 'approved', whatsappCategory: 'marketing', parameterFormat: 'named', language: 'en' });
    expect(rows['promo/es']!.whatsappStatus).toBe('pending');
    expect(rows['reminder/es']!.whatsappStatus).toBe('paused');
    expect(rows['otp/en']).toMatchObject({ whatsappStatus: 'rejected', whatsappCategory: 'authentication' });

    const next = await database.db.select().from(jobs).where(and(eq(jobs.kind, 'templates.sync'), isNull(jobs.doneAt)));
    expect(next.map((j) => [j.runAt.getTime(), j.payload])).toEqual([[now.getTime() + SYNC_EVERY_MS, { channelId: channel.id }]]);
  });

  it('a resync updates in place and archives what Meta no longer has', async () => {
    fake.templates.set(number.wabaId, [orderUpdate, welcome, pending, { ...paused, status: 'APPROVED' }]);
    const before = await synced();
    const later = new Date(now.getTime() + SYNC_EVERY_MS);
    await runDueJobs(database.db, jobHandlers, { now: () => later });
    const after = await synced();
    expect(after['order_update/es_MX']!.id).toBe(before['order_update/es_MX']!.id);
    expect(after['reminder/es']!.whatsappStatus).toBe('approved');
    expect(after['otp/en']!.archivedAt?.toISOString()).toBe(later.toISOString());
    expect(await database.db.select().from(jobs).where(and(eq(jobs.kind, 'templates.sync'), isNull(jobs.doneAt)))).toHaveLength(1);
  });

  it('sends a synced template as Meta’s `template` with the header, body and button parameters filled', async () => {
    const conversation = await closedConversation('5215550001');
    // The composer asks for every parameter, not only the body's.
    const offered = await createCaller({ db: database.db, clock, user: ws.agent }).templates.forConversation({ conversationId: conversation.id });
    expect(offered.all.find((t) => t.name === 'order_update')).toMatchObject({ placeholders: ['header.1', '1', '2', 'button.0.1'], sendable: true, whatsappCategory: 'utility' });
    expect(offered.all.find((t) => t.name === 'promo')).toMatchObject({ sendable: false });
    const params = { '1': 'Ana', '2': '#A-77', 'header.1': 'A-77', 'button.0.1': 'A77' };
    const queued = await sendTemplate(conversation.id, await idOf('order_update'), params);
    expect(queued.body).toBe('Hola Ana, tu pedido #A-77 ya salió.');
    const before = fake.requests.length;
    await deliverDue(database.db, clock);

    expect(fake.requests.slice(before).map((r) => r.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        to: '5215550001',
        biz_opaque_callback_data: queued.id,
        type: 'template',
        template: {
          name: 'order_update',
          language: { policy: 'deterministic', code: 'es_MX' },
          components: [
            { type: 'header', parameters: [{ type: 'text', text: 'A-77' }] },
            { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#A-77' }] },
            { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A77' }] },
          ],
        },
      },
    ]);
    const [sent] = await database.db.select().from(messages).where(eq(messages.id, queued.id));
    expect(sent).toMatchObject({ status: 'sent', kind: 'template', templateParams: params, billing: 'whatsapp_template' });
  });

  it('fills a named template by parameter name', async () => {
    const conversation = await closedConversation('5215550002');
    const queued = await sendTemplate(conversation.id, await idOf('welcome_named'), { first_name: 'Ana', code: '4821' });
    const before = fake.requests.length;
    await deliverDue(database.db, clock);
    expect((fake.requests[before]!.body as { template: unknown }).template).toEqual({
      name: 'welcome_named',
      language: { policy: 'deterministic', code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'code', text: '4821' }] }],
    });
    expect((await database.db.select().from(messages).where(eq(messages.id, queued.id)))[0]!.status).toBe('sent');
  });

  it('refuses a send missing a header or button parameter, naming it, and stores nothing', async () => {
    const conversation = await closedConversation('5215550003');
    const attempt = sendTemplate(conversation.id, await idOf('order_update'), { '1': 'Ana', '2': '#1' });
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt).rejects.toThrow(/params\.header\.1.*params\.button\.0\.1/);
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, conversation.id))).toEqual([]);
  });

  it('outside the window only an APPROVED template goes: a pending one is refused', async () => {
    const conversation = await closedConversation('5215550004');
    await expect(sendTemplate(conversation.id, await idOf('promo'), {})).rejects.toMatchObject({ code: 'TEMPLATE_REQUIRED' });
  });

  it('a template synced for one channel is neither offered nor sent on another', async () => {
    const other = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'whatsapp', publicId: `wa-tpl-other-${kind}`, name: 'Other', settings: { delivery: 'record' } });
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Otro', identity: { channelId: other.id, externalId: '5215550009' } });
    const conversation = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: other.id, contactId: contact.id, assigneeId: ws.agent.id, lastInboundAt: now });
    const offered = await createCaller({ db: database.db, clock, user: ws.agent }).templates.forConversation({ conversationId: conversation.id });
    expect(offered.all.map((t) => t.name)).not.toContain('order_update');
    await expect(sendTemplate(conversation.id, await idOf('welcome_named'), { first_name: 'A', code: '1' })).rejects.toThrow(/another WhatsApp channel/);
  });

  it('a synced template is not edited in Cadence: Meta is where it lives', async () => {
    const templateId = await idOf('promo');
    const listed = await createCaller({ db: database.db, clock, user: ws.admin }).templates.list({});
    expect(listed.find((t) => t.id === templateId)).toMatchObject({ personal: false, editable: false });
    await expect(
      createCaller({ db: database.db, clock, user: ws.admin }).templates.save({ templateId, name: 'promo', stage: 'general', language: 'es', body: 'Otro texto' }),
    ).rejects.toThrow(/WhatsApp Manager/);
  });

  it('the status webhook moves one template between syncs; only an approved one goes outside the window', async () => {
    const statusUpdate = (event: string, template: FakeTemplate) => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: number.wabaId,
            time: now.getTime() / 1000,
            changes: [
              {
                field: 'message_template_status_update',
                value: { event, message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language, reason: 'NONE' },
              },
            ],
          },
        ],
      });
      const rawBody = new TextEncoder().encode(body);
      const headers = new Headers({ 'x-hub-signature-256': metaSignature(rawBody, 'tpl-secret') });
      return receiveWebhook(database.db, { provider: 'whatsapp', publicId: channel.publicId, rawBody, headers, url: 'http://test/' }, clock, fx);
    };
    expect(await statusUpdate('PAUSED', orderUpdate)).toMatchObject({ updated: 1 });
    expect((await synced())['order_update/es_MX']!.whatsappStatus).toBe('paused');
    const conversation = await closedConversation('5215550005');
    const params = { '1': 'Ana', '2': '#1', 'header.1': '1', 'button.0.1': '1' };
    await expect(sendTemplate(conversation.id, await idOf('order_update'), params)).rejects.toMatchObject({ code: 'TEMPLATE_REQUIRED' });

    expect(await statusUpdate('APPROVED', orderUpdate)).toMatchObject({ updated: 1 });
    await expect(sendTemplate(conversation.id, await idOf('order_update'), params)).resolves.toMatchObject({ status: 'queued' });

    // One Cadence has not seen yet: a sync is queued to read it in full.
    const created: FakeTemplate = { ...pending, id: '2001', name: 'brand_new' };
    expect(await statusUpdate('APPROVED', created)).toMatchObject({ updated: 0 });
    const due = await database.db.select().from(jobs).where(and(eq(jobs.kind, 'templates.sync'), isNull(jobs.doneAt)));
    expect(due.some((j) => j.runAt.getTime() === now.getTime())).toBe(true);
  });
});
