import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postSync } from '@/app/api/v1/channels/[id]/templates/sync/route';
import { POST as postChannel } from '@/app/api/v1/channels/route';
import { POST as postMessage } from '@/app/api/v1/conversations/[id]/messages/route';
import { setDatabase, type Database } from '@/db/client';
import { channels, messages, templates } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import { systemClock } from '@/server/clock';
import { deliverDue } from '@/server/messages/testing';
import { runDueJobs } from '@/server/scheduler/loop';
import { startMetaFake, type MetaFake } from '../providers/meta-fake';
import type { FakeTemplate } from '../providers/meta-fake-rules';

type Handler<P> = (request: Request, route: { params: Promise<P> }) => Promise<Response>;

const number = { phoneNumberId: '106540352242931', wabaId: '102290129340431', accessToken: 'EAAconnect-right-token', verifiedName: 'Demo Clinic' };
const reminder: FakeTemplate = {
  id: '2001',
  name: 'cita_recordatorio',
  language: 'es',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [{ type: 'BODY', text: 'Hola {{1}}, te esperamos el {{2}}.' }],
};

/*
 * Connecting a WhatsApp channel as a manager would, against a fake of Meta's Graph API: a wrong
 * token is refused with Meta's own words and nothing is saved; the right one connects, its
 * templates arrive from Meta, and a reply goes out through the Cloud API.
 */
describe.each(testDatabaseKinds)('connecting WhatsApp against the Graph API fake (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: MetaFake;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `connect-wa-${kind}`);
    fake = await startMetaFake({ whatsapp: [number], templates: { [number.wabaId]: [reminder] } });
    process.env.PROVIDER_URL_WHATSAPP = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_WHATSAPP = 'http://127.0.0.1:9';
    await fake.close();
    setDatabase(undefined);
    await database.close();
  });

  async function call<P>(handler: Handler<P>, url: string, params: P, body?: unknown) {
    const response = await handler(
      new Request(`http://test${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ws.tokens.admin}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve(params) },
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  }
  const credentials = (accessToken: string) => ({ accessToken, phoneNumberId: number.phoneNumberId, wabaId: number.wabaId, appSecret: 'connect-app-secret' });
  const channelCount = async () => (await database.db.select({ n: count() }).from(channels).where(eq(channels.workspaceId, ws.workspace.id)))[0]!.n;

  it("refuses a wrong token with Meta's reason (422 PROVIDER_REJECTED) and saves nothing", async () => {
    const before = await channelCount();
    const refused = await call(postChannel, '/api/v1/channels', {}, { kind: 'whatsapp', name: 'WhatsApp', credentials: credentials('EAAwrong') });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PROVIDER_REJECTED');
    expect(refused.body.error.message).toMatch(/access token/i);
    expect(await channelCount()).toBe(before);
    // The check was one harmless read of the phone number, nothing sent.
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('connects with the right token, syncs its templates, and delivers a reply through the Cloud API', async () => {
    const created = await call(postChannel, '/api/v1/channels', {}, { kind: 'whatsapp', name: 'WhatsApp clínica', credentials: credentials(number.accessToken) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'whatsapp', state: 'connected', credentials: { accessToken: '••••oken' } });
    expect(created.text).not.toContain(number.accessToken);
    const channelId = created.body.id as string;

    // The sync queued on connect runs as a job; the on-demand one reads Meta again.
    await runDueJobs(database.db, jobHandlers, systemClock);
    const synced = await database.db.select().from(templates).where(and(eq(templates.channelId, channelId), eq(templates.name, 'cita_recordatorio')));
    expect(synced).toHaveLength(1);
    expect(synced[0]).toMatchObject({ whatsappStatus: 'approved', whatsappCategory: 'utility' });
    const again = await call(postSync, `/api/v1/channels/${channelId}/templates/sync`, { id: channelId });
    expect(again).toMatchObject({ status: 200, body: { synced: 1, archived: 0 } });

    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Lucía', identity: { channelId, externalId: '34611000222' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId, contactId: contact.id, assigneeId: ws.admin.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date(Date.now() - 60_000) });
    const sent = await call(postMessage, `/api/v1/conversations/${c.id}/messages`, { id: c.id }, { kind: 'free_form', body: 'Hola Lucía, ¿qué tal?' });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('queued');
    await deliverDue(database.db, systemClock);
    const [row] = await database.db.select().from(messages).where(eq(messages.id, sent.body.id));
    expect(row).toMatchObject({ status: 'sent' });
    expect(row!.providerMessageId).toMatch(/^wamid\./);
    const request = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${number.phoneNumberId}/messages`));
    expect(request?.headers.authorization).toBe(`Bearer ${number.accessToken}`);
    expect(request?.body).toMatchObject({ messaging_product: 'whatsapp', to: '34611000222', type: 'text', text: { body: 'Hola Lucía, ¿qué tal?' } });
  });
});
