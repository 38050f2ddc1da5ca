import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { createCaller } from '@/server/router';
import { deliveriesOf, outboundOf } from '@/server/messages/testing';

const clock: Clock = { now: () => new Date('2026-11-20T12:00:00Z') };

/*
 * Issue 14.2: the composer names each draft with a client message id, so a double click or a
 * resend after a reconnect stores, and delivers, one message.
 */
describe.each(testDatabaseKinds)('messages.send with a client message id (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  const agent = () => createCaller({ db: database.db, clock, user: ws.agent });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, 'draft');
  });
  afterAll(() => database.close());

  async function conversation(name: string) {
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name, identity: { channelId: ws.sandbox.id, externalId: name } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id, assigneeId: ws.agent.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: clock.now() });
    return c;
  }
  const ours = (conversationId: string) => outboundOf(database.db, conversationId);
  const deliveries = (conversationId: string) => deliveriesOf(database.db, conversationId);

  it('stores one message for a resend of the same draft, and answers it with the first message', async () => {
    const c = await conversation('Resend');
    const draft = { conversationId: c.id, message: { kind: 'free_form' as const, body: '¿Te va bien el jueves?' }, clientMessageId: crypto.randomUUID() };
    const first = await agent().messages.send(draft);
    const again = await agent().messages.send(draft);
    expect(again).toEqual(first);
    expect(await ours(c.id)).toHaveLength(1);
    expect(await deliveries(c.id)).toBe(1);
  });

  it('stores one message for a double click (both sends at once)', async () => {
    const c = await conversation('Double click');
    const draft = { conversationId: c.id, message: { kind: 'free_form' as const, body: 'Perfecto' }, clientMessageId: crypto.randomUUID() };
    const [one, two] = await Promise.all([agent().messages.send(draft), agent().messages.send(draft)]);
    expect(two.id).toBe(one.id);
    expect(await ours(c.id)).toHaveLength(1);
    expect(await deliveries(c.id)).toBe(1);
  });

  it('refuses the same id with another text (UNPROCESSABLE_CONTENT, IDEMPOTENCY_KEY_REUSED); a new draft id sends', async () => {
    const c = await conversation('Edited');
    const clientMessageId = crypto.randomUUID();
    await agent().messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Hola' }, clientMessageId });
    await expect(agent().messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Hola de nuevo' }, clientMessageId })).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      cause: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(await ours(c.id)).toHaveLength(1);
    await agent().messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Hola de nuevo' }, clientMessageId: crypto.randomUUID() });
    expect(await ours(c.id)).toHaveLength(2);
  });

  it('answers a resend of a scheduled draft with the first message even after its time has come', async () => {
    const c = await conversation('Scheduled');
    const at = new Date(clock.now().getTime() + 3_600_000);
    const draft = { conversationId: c.id, message: { kind: 'free_form' as const, body: 'Te escribo luego' }, scheduleAt: at.toISOString(), clientMessageId: crypto.randomUUID() };
    const first = await agent().messages.send(draft);
    const late = createCaller({ db: database.db, clock: { now: () => new Date(at.getTime() + 60_000) }, user: ws.agent });
    await expect(late.messages.send(draft)).resolves.toMatchObject({ id: first.id });
    expect(await ours(c.id)).toHaveLength(1);
  });

  it('keeps one agent’s draft ids apart from another’s', async () => {
    const c = await conversation('Two agents');
    const draft = { conversationId: c.id, message: { kind: 'free_form' as const, body: 'Hola' }, clientMessageId: crypto.randomUUID(), recentReply: 'send_anyway' as const };
    await agent().messages.send(draft);
    await createCaller({ db: database.db, clock, user: ws.supervisor }).messages.send(draft);
    expect(await ours(c.id)).toHaveLength(2);
  });

  it('answers BAD_REQUEST naming clientMessageId when it is not a uuid, and stores nothing', async () => {
    const c = await conversation('Bad id');
    await expect(agent().messages.send({ conversationId: c.id, message: { kind: 'free_form', body: 'Hola' }, clientMessageId: 'draft-1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/clientMessageId/),
    });
    expect(await ours(c.id)).toHaveLength(0);
  });
});
