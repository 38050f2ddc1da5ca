import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations, messages, outbox, recordedSends } from '@/db/schema';
import { createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { Clock } from '@/server/clock';
import { AppError } from '@/server/errors';
import { sendMessage } from './send';
import { deliverDue } from './testing';
import { Effects } from '@/server/effects/unit-of-work';

// These tests read what was written; nobody is on a socket to be told of it.
const fx = new Effects();

const clock: Clock = { now: () => new Date('2026-11-20T12:00:00Z') };

describe.each(testDatabaseKinds)('send pipeline (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, 'send');
  });
  afterAll(() => database.close());

  async function conversationOn(channelId: string, values: Partial<typeof conversations.$inferInsert> = {}, blocked = false) {
    const contact = await createContact(database.db, {
      workspaceId: ws.workspace.id,
      name: 'Client',
      blocked,
      identity: { channelId, externalId: `ext-${Math.random()}` },
    });
    return createConversation(database.db, { workspaceId: ws.workspace.id, channelId, contactId: contact.id, ...values });
  }

  it('persists the message queued with its outbox row, hands it to the channel once and marks it sent', async () => {
    const c = await conversationOn(ws.sandbox.id, { assigneeId: ws.agent.id });
    const queued = await sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body: 'Hola, ¿qué tal?' } }, clock, fx);
    expect(queued).toMatchObject({ direction: 'outbound', authorKind: 'agent', authorId: ws.agent.id, status: 'queued' });
    expect(await database.db.select().from(outbox).where(eq(outbox.messageId, queued.id))).toHaveLength(1);
    await deliverDue(database.db, clock);
    const [sent] = await database.db.select().from(messages).where(eq(messages.id, queued.id));
    expect(sent!.status).toBe('sent');
    expect(sent!.providerMessageId).toBe(`rec-${sent!.id}`);
    expect(await database.db.select().from(outbox).where(eq(outbox.messageId, queued.id))).toHaveLength(0);
    const recorded = await database.db.select().from(recordedSends).where(eq(recordedSends.messageId, sent!.id));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.payload).toMatchObject({ body: 'Hola, ¿qué tal?' });
    const [after] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(after!.lastOutboundAt?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(after!.lastMessagePreview).toBe('Hola, ¿qué tal?');

    // A claim that comes back after the message settled (a crash before the row was deleted) sends nothing.
    await database.db.insert(outbox).values({ messageId: sent!.id, channelId: ws.sandbox.id, dueAt: clock.now() });
    await deliverDue(database.db, clock);
    const [n] = await database.db.select({ n: count() }).from(recordedSends).where(eq(recordedSends.messageId, sent!.id));
    expect(n!.n).toBe(1);
  });

  it('reopens a closed conversation and assigns it to the sender when it was unassigned', async () => {
    const c = await conversationOn(ws.sandbox.id, { status: 'closed' });
    await sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body: 'Seguimos en contacto' } }, clock, fx);
    const [after] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(after).toMatchObject({ status: 'open', assigneeId: ws.agent.id });
  });

  it('keeps the assignee when reopening a conversation that already had one', async () => {
    const c = await conversationOn(ws.sandbox.id, { status: 'closed', assigneeId: ws.otherAgent.id });
    await sendMessage(database.db, ws.supervisor, { conversationId: c.id, message: { kind: 'free_form', body: 'Hola' } }, clock, fx);
    const [after] = await database.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(after).toMatchObject({ status: 'open', assigneeId: ws.otherAgent.id });
  });

  it('refuses to write to a blocked contact and persists nothing', async () => {
    const c = await conversationOn(ws.sandbox.id, {}, true);
    const attempt = sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body: 'Hola' } }, clock, fx);
    await expect(attempt).rejects.toMatchObject({ code: 'CONTACT_BLOCKED' });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toEqual([]);
  });

  it('keeps a message it cannot deliver, marked failed with the reason', async () => {
    // Web chat has no outside provider yet (SPEC §16).
    const webchat = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'webchat', publicId: 'send-webchat', name: 'Web chat' });
    const c = await conversationOn(webchat.id);
    const queued = await sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body: 'Hello' } }, clock, fx);
    await deliverDue(database.db, clock);
    const [sent] = await database.db.select().from(messages).where(eq(messages.id, queued.id));
    expect(sent!.status).toBe('failed');
    expect(sent!.errorCode).toBe('NO_ADAPTER');
  });

  it('hands over messages left queued by a process that stopped', async () => {
    const c = await conversationOn(ws.sandbox.id);
    const [queued] = await database.db
      .insert(messages)
      .values({
        workspaceId: ws.workspace.id,
        conversationId: c.id,
        channelId: ws.sandbox.id,
        direction: 'outbound',
        authorKind: 'agent',
        body: 'Written before the crash',
        status: 'queued',
        sentAt: clock.now(),
      })
      .returning();
    // Its outbox row, written with it, is what a worker claims (here: after the claim's lease expired).
    await database.db.insert(outbox).values({ messageId: queued!.id, channelId: ws.sandbox.id, dueAt: clock.now(), lockedUntil: new Date(clock.now().getTime() - 1) });
    expect(await deliverDue(database.db, clock)).toBeGreaterThanOrEqual(1);
    const [after] = await database.db.select().from(messages).where(eq(messages.id, queued!.id));
    expect(after!.status).toBe('sent');
  });
});
