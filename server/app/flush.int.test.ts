import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations, labels, messages } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import { ingest } from '@/server/channels/ingest';
import type { Clock } from '@/server/clock';
import { assign } from '@/server/conversations/actions';
import { transaction } from '@/server/effects/unit-of-work';
import type { RealtimeEvent } from '@/server/realtime/events';
import { connected, startRealtime } from '@/server/realtime/testing/harness';
import { sendMessage } from '@/server/messages/send';
import { withEffects } from './flush';
import { jobHandlers } from './jobs';

const at = (iso: string): Clock => ({ now: () => new Date(iso) });

/* Effects reach the screens only after their transaction commits, and every one of them does. */
describe.each(testDatabaseKinds)('effects told after commit (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let rt: Awaited<ReturnType<typeof startRealtime>>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `fx${kind}`);
    rt = await startRealtime(database.db);
  });
  afterAll(async () => {
    await rt.close();
    await database.close();
  });

  /** A signed-in socket that writes down every event it hears, in order. */
  async function listener(user: SessionUser) {
    const socket = await rt.client(user);
    const heard: { event: RealtimeEvent; payload: unknown }[] = [];
    // Presence comes and goes with other tests' sockets; it is not what these tests are about.
    socket.onAny((event: RealtimeEvent, payload: unknown) => {
      if (!event.startsWith('presence.')) heard.push({ event, payload });
    });
    await connected(socket);
    const until = (pred: (e: (typeof heard)[number]) => boolean) =>
      new Promise<(typeof heard)[number]>((resolve) => {
        const check = () => {
          const found = heard.find(pred);
          if (found) resolve(found);
          else setTimeout(check, 10);
        };
        check();
      });
    return { heard, until };
  }

  let n = 0;
  async function newContactWrites(sentAt: string, arrivedAt = sentAt) {
    n += 1;
    const id = `fx-${kind}-${n}`;
    await withEffects(database.db, (fx) =>
      ingest(
        database.db,
        ws.sandbox,
        { messages: [{ providerMessageId: id, externalId: `+34${n}${kind}`, contactName: `Client ${n}`, contactPhone: null, body: 'Hola', sentAt: new Date(sentAt), echo: false }], updates: [] },
        at(arrivedAt),
        fx,
      ),
    );
    const [row] = await database.db.select({ id: messages.conversationId }).from(messages).where(eq(messages.providerMessageId, id));
    return row!.id;
  }

  it('a rolled-back transaction tells nothing; a committed one tells exactly its events, once each', async () => {
    const lead = await listener(ws.supervisor);
    const conversationId = await newContactWrites(new Date().toISOString());
    await lead.until((e) => e.event === 'message.created');
    lead.heard.length = 0;

    await expect(
      withEffects(database.db, (fx) =>
        transaction(database.db, fx, async (tx, fx) => {
          await tx.insert(labels).values({ workspaceId: ws.workspace.id, name: 'rolled back' });
          fx.add({ kind: 'conversation.changed', conversationId });
          throw new Error('the write fails after recording its effect');
        }),
      ),
    ).rejects.toThrow('the write fails');
    // A savepoint rolled back inside a transaction that commits: only the outer effects are told.
    await withEffects(database.db, (fx) =>
      transaction(database.db, fx, async (tx, fx) => {
        await tx.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, conversationId));
        fx.add({ kind: 'conversation.changed', conversationId }, { kind: 'conversation.changed', conversationId });
        await transaction(tx, fx, async (inner, fx) => {
          fx.add({ kind: 'contact.activity', contactId: conversationId });
          await inner.execute('select 1/0');
        }).catch(() => undefined);
      }),
    );
    // A marker after both: the socket hears in order, so anything told before it has arrived.
    await withEffects(database.db, async (fx) => fx.add({ kind: 'team.changed', workspaceId: ws.workspace.id }));
    await lead.until((e) => e.event === 'team.changed' && lead.heard.filter((h) => h.event === 'team.changed').length === 2);

    expect(lead.heard.map((e) => e.event)).toEqual(['conversation.updated', 'team.changed', 'team.changed']);
    expect(lead.heard[0]!.payload).toMatchObject({ conversation: { id: conversationId, status: 'closed' } });
    expect(await database.db.select().from(labels).where(eq(labels.name, 'rolled back'))).toEqual([]);
  });

  it('a scheduled reply released after its deadline tells the agent of the breach it caused', async () => {
    // Monday 10:00 Madrid: the first stage is due at 12:00; the reply was scheduled for 13:00.
    const conversationId = await newContactWrites('2026-11-23T09:00:00Z');
    await withEffects(database.db, (fx) => assign(database.db, ws.supervisor, conversationId, ws.agent.id, fx));
    const scheduled = await withEffects(database.db, (fx) =>
      sendMessage(
        database.db,
        ws.agent,
        { conversationId, message: { kind: 'free_form', body: 'Te escribo a la una' }, scheduleAt: '2026-11-23T12:00:00Z' },
        at('2026-11-23T09:30:00Z'),
        fx,
      ),
    );
    const agent = await listener(ws.agent);
    await jobHandlers['message.release_scheduled'](database.db, { messageId: scheduled.id }, at('2026-11-23T12:00:01Z'));
    const told = await agent.until((e) => e.event === 'notification.created');
    expect(told.payload).toMatchObject({ notification: { kind: 'breach', conversationId } });
    expect(agent.heard.map((e) => e.event)).toEqual(expect.arrayContaining(['message.updated', 'notification.created']));
  });

  it('a webhook that arrives after the first deadline tells the team view of the breach it finds', async () => {
    const lead = await listener(ws.supervisor);
    // Written Monday 10:00 Madrid, delivered by the provider at 12:30: stage 1 is already breached.
    await newContactWrites('2026-11-23T09:00:00Z', '2026-11-23T11:30:00Z');
    const told = await lead.until((e) => e.event === 'team.changed');
    expect(told.payload).toEqual({ workspaceId: ws.workspace.id });
  });
});
