import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postMessage } from '@/app/api/v1/conversations/[id]/messages/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { setDatabase, type Database } from '@/db/client';
import { jobs, messages, sendKeys } from '@/db/schema';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import { ensureSendKeyPurge } from '@/server/messages/send-keys';
import { deliveriesOf, outboundOf } from '@/server/messages/testing';

const HOUR = 3_600_000;

/*
 * Issue 14.2: a client that lost the answer to a send and retries it with the same
 * Idempotency-Key gets the first answer back, and the contact gets one message.
 */
describe.each(testDatabaseKinds)('REST sends with an Idempotency-Key (%s)', (kind) => {
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    a = await createTestWorkspace(database.db, 'idem-a');
    b = await createTestWorkspace(database.db, 'idem-b');
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  async function conversation(ws: TestWorkspace, name: string) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name, identity: { channelId: ws.sandbox.id, externalId: `${name}-${Math.random()}` } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date() });
    return c;
  }

  const send = (conversationId: string, body: unknown, key: string | null, token = 'idem-a-admin-token') =>
    postMessage(
      new Request(`http://test/api/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id: conversationId }) },
    );

  const ours = (conversationId: string) => outboundOf(database.db, conversationId);
  const deliveries = (conversationId: string) => deliveriesOf(database.db, conversationId);

  it('answers a retry with the first answer, and stores and delivers one message', async () => {
    const c = await conversation(a, 'Retry');
    const first = await send(c.id, { kind: 'free_form', body: 'Te esperamos el martes' }, 'order-42:reply');
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    expect(await deliveries(c.id)).toBe(1);
    // The message moves on (the provider said delivered); the retry still gets the first answer.
    await database.db.update(messages).set({ status: 'delivered' }).where(eq(messages.id, firstBody.id));
    const retry = await send(c.id, { kind: 'free_form', body: 'Te esperamos el martes' }, 'order-42:reply');
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(firstBody);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await ours(c.id)).toHaveLength(1);
    expect(await deliveries(c.id)).toBe(1);
  });

  it('stores one message when the same key arrives several times at once', async () => {
    const c = await conversation(a, 'Burst');
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(c.id, { kind: 'free_form', body: 'Una sola vez' }, 'burst-key')));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(await Promise.all(answers.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(await ours(c.id)).toHaveLength(1);
    expect(await deliveries(c.id)).toBe(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED to the same key with another message or conversation, and stores nothing', async () => {
    const c = await conversation(a, 'Reused');
    const other = await conversation(a, 'Elsewhere');
    expect((await send(c.id, { kind: 'free_form', body: 'Primero' }, 'reused-key')).status).toBe(201);
    for (const [id, body] of [
      [c.id, { kind: 'free_form', body: 'Otra cosa' }],
      [c.id, { kind: 'free_form', body: 'Primero', quietHours: 'ask' }],
      [other.id, { kind: 'free_form', body: 'Primero' }],
    ] as const) {
      const reused = await send(id, body, 'reused-key');
      expect(reused.status).toBe(422);
      expect((await reused.json()).error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringMatching(/^Idempotency-Key:/) });
    }
    expect(await ours(c.id)).toHaveLength(1);
    expect(await ours(other.id)).toHaveLength(0);
  });

  it('lets one of two sends racing with one key into two conversations through, and refuses the other', async () => {
    const one = await conversation(a, 'Race one');
    const two = await conversation(a, 'Race two');
    const answers = await Promise.all([one, two].map((c) => send(c.id, { kind: 'free_form', body: 'Hola' }, 'race-key')));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect((await ours(one.id)).length + (await ours(two.id)).length).toBe(1);
  });

  it('forgets a key after 24 hours: the same key then names a new send, and the purge drops it', async () => {
    const c = await conversation(a, 'Tomorrow');
    const first = await (await send(c.id, { kind: 'free_form', body: 'Hola' }, 'daily-key')).json();
    await database.db.update(sendKeys).set({ createdAt: new Date(Date.now() - 24 * HOUR - 1000) }).where(eq(sendKeys.messageId, first.id));
    const next = await send(c.id, { kind: 'free_form', body: 'Hola' }, 'daily-key');
    expect(next.status).toBe(201);
    expect((await next.json()).id).not.toBe(first.id);
    expect(await ours(c.id)).toHaveLength(2);
    const keys = () => database.db.select().from(sendKeys).where(eq(sendKeys.key, 'daily-key'));
    expect(await keys()).toHaveLength(1);

    const purges = () => database.db.select().from(jobs).where(and(eq(jobs.kind, 'send_keys.purge'), isNull(jobs.doneAt)));
    await ensureSendKeyPurge(database.db, new Date());
    await ensureSendKeyPurge(database.db, new Date());
    const [scheduled] = await purges();
    expect(await purges()).toHaveLength(1);
    await jobHandlers['send_keys.purge'](database.db, scheduled!.payload, { now: () => new Date(Date.now() + 24 * HOUR + 1000) });
    expect(await keys()).toHaveLength(0);
    // It schedules its next run itself (the scheduler then marks this one done).
    const after = await purges();
    expect(after).toHaveLength(2);
    expect(after.filter((j) => j.runAt > scheduled!.runAt)).toHaveLength(1);
  });

  it('keeps each token user’s keys apart', async () => {
    const c = await conversation(a, 'Two users');
    const foreign = await conversation(b, 'Other workspace');
    expect((await send(c.id, { kind: 'free_form', body: 'De la admin' }, 'shared-key')).status).toBe(201);
    expect((await send(c.id, { kind: 'free_form', body: 'Del agente' }, 'shared-key', 'idem-a-agent-token')).status).toBe(201);
    expect((await send(foreign.id, { kind: 'free_form', body: 'De otro espacio' }, 'shared-key', 'idem-b-admin-token')).status).toBe(201);
    expect(await ours(c.id)).toHaveLength(2);
    expect(await ours(foreign.id)).toHaveLength(1);
  });

  it('leaves the key unused when the send is refused, so the corrected send goes through', async () => {
    const c = await conversation(a, 'Refused');
    const refused = await send(c.id, { kind: 'free_form', body: 'Hola {{1}}' }, 'fix-then-send');
    expect(refused.status).toBe(400);
    const fixed = await send(c.id, { kind: 'free_form', body: 'Hola Ana' }, 'fix-then-send');
    expect(fixed.status).toBe(201);
    expect(await ours(c.id)).toHaveLength(1);
  });

  it('answers 400 naming the header for a bad key, and stores nothing', async () => {
    const c = await conversation(a, 'Bad keys');
    for (const key of ['', 'x'.repeat(256), 'with space', 'acentuación', 'tab\there']) {
      const bad = await send(c.id, { kind: 'free_form', body: 'Hola' }, key);
      expect(bad.status, JSON.stringify(key)).toBe(400);
      expect((await bad.json()).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^Idempotency-Key:/) });
    }
    expect(await ours(c.id)).toHaveLength(0);
    expect((await send(c.id, { kind: 'free_form', body: 'Hola' }, 'x'.repeat(255))).status).toBe(201);
  });

  it('sends as before without the header: each request is a new message', async () => {
    const c = await conversation(a, 'No key');
    expect((await send(c.id, { kind: 'free_form', body: 'Hola' }, null)).status).toBe(201);
    expect((await send(c.id, { kind: 'free_form', body: 'Hola' }, null)).status).toBe(201);
    expect(await ours(c.id)).toHaveLength(2);
  });

  it('is described in the OpenAPI document: the header, its rules, the replay header and the 422 code', async () => {
    const send = (await (await getOpenApi()).json()).paths['/api/v1/conversations/{id}/messages'].post;
    const header = send.parameters.find((p: { name: string }) => p.name === 'Idempotency-Key');
    expect(header).toMatchObject({ in: 'header', required: false, schema: { type: 'string', maxLength: 255 } });
    expect(send.responses['201'].headers['Idempotent-Replayed']).toBeDefined();
    expect(send.responses['422'].description).toMatch(/IDEMPOTENCY_KEY_REUSED/);
    expect(send.responses['422'].description).toMatch(/TEMPLATE_REQUIRED/);
  });
});
