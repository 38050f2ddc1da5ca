import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { channels, messages, outbox, recordedSends } from '@/db/schema';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { startDelivery } from '@/server/app/delivery';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { attemptDelivery, claimDeliveries } from './outbox';
import { sendMessage } from './send';
import { deliverDue } from './testing';

const base = new Date('2026-11-20T12:00:00Z');
const at = (ms: number): Clock => ({ now: () => new Date(base.getTime() + ms) });

/*
 * The delivery worker's guarantees on a record-only channel (the provider fakes test each
 * provider's own answers): a row claimed by a process that died is delivered by the next one,
 * exactly once; a channel that needs attention holds its queue; the loop empties a burst.
 */
describe.each(testDatabaseKinds)('delivery worker (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, 'outbox');
  });
  afterAll(() => database.close());

  async function queue(channelId: string, n: number, clock = at(0)) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: `C${i}`, identity: { channelId, externalId: `ext-${crypto.randomUUID()}` } });
      const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId, contactId: contact.id, assigneeId: ws.agent.id });
      await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: clock.now() });
      const sent = await sendMessage(database.db, ws.agent, { conversationId: c.id, message: { kind: 'free_form', body: `reply ${i}` }, quietHours: 'send_anyway' }, clock, new Effects());
      ids.push(sent.id);
    }
    return ids;
  }
  const statuses = async (ids: string[]) => (await database.db.select({ status: messages.status }).from(messages).where(inArray(messages.id, ids))).map((m) => m.status);
  const recorded = async (ids: string[]) => (await database.db.select().from(recordedSends).where(inArray(recordedSends.messageId, ids))).length;

  it('delivers, exactly once, a message whose worker died between its claim and the answer', async () => {
    const [id] = await queue(ws.sandbox.id, 1);
    // A process claims it and dies: the row stays leased for a minute, and nobody else takes it meanwhile.
    const claimed = await claimDeliveries(database.db, at(1_000).now(), { limit: 10, leaseMs: 60_000 });
    expect(claimed.map((c) => c.messageId)).toContain(id);
    expect(await deliverDue(database.db, at(30_000))).toBe(0);
    // Its lease expires: the next worker delivers it.
    expect(await deliverDue(database.db, at(61_001))).toBe(1);
    expect(await statuses([id!])).toEqual(['sent']);
    expect(await recorded([id!])).toBe(1);
    // The dead worker's claim, replayed late, finds the message settled and sends nothing.
    await attemptDelivery(database.db, claimed.find((c) => c.messageId === id)!, at(62_000), new Effects());
    expect(await recorded([id!])).toBe(1);
    expect(await database.db.select().from(outbox).where(eq(outbox.messageId, id!))).toEqual([]);
  });

  it("holds a channel's queue while it needs attention, and delivers it once it is connected again", async () => {
    const channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sandbox', publicId: `outbox-held-${crypto.randomUUID()}`, name: 'Held' });
    const ids = await queue(channel.id, 3);
    await database.db.update(channels).set({ state: 'needs_attention', stateReason: 'token expired' }).where(eq(channels.id, channel.id));
    expect(await deliverDue(database.db, at(1_000))).toBe(0);
    expect(await statuses(ids)).toEqual(['queued', 'queued', 'queued']);
    await database.db.update(channels).set({ state: 'connected', stateReason: null }).where(eq(channels.id, channel.id));
    expect(await deliverDue(database.db, at(2_000))).toBe(3);
    expect(await statuses(ids)).toEqual(['sent', 'sent', 'sent']);
  });

  it('empties a burst through the running worker loop, each message once', async () => {
    const now = new Date();
    const ids = await queue(ws.sandbox.id, 60, { now: () => now });
    const worker = startDelivery(database.db, { now: () => new Date() }, { pollMs: 20, batch: 25 });
    try {
      for (let i = 0; i < 200 && (await statuses(ids)).some((s) => s !== 'sent'); i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await worker.stop();
    }
    expect(new Set(await statuses(ids))).toEqual(new Set(['sent']));
    expect(await recorded(ids)).toBe(60);
  });
});
