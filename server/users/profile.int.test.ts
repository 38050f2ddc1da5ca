import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { conversations, deadlines, messages, users } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { ingest } from '@/server/channels/ingest';
import { Effects } from '@/server/effects/unit-of-work';
import { recomputeForAssignee } from '@/server/protocols/service';
import { createCaller } from '@/server/router';

describe.each(testDatabaseKinds)('one’s own profile (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `prof${kind}`);
  });
  afterAll(() => database.close());
  const as = (user: TestWorkspace['agent']) => createCaller({ db: database.db, clock: { now: () => new Date() }, user });

  it('saves name, zone and language, refusing a zone that is none', async () => {
    await as(ws.otherAgent).profile.update({ name: 'Luis Nuevo', timeZone: 'Asia/Tokyo', locale: 'en' });
    expect(await as(ws.otherAgent).profile.get()).toMatchObject({ name: 'Luis Nuevo', timeZone: 'Asia/Tokyo', locale: 'en', email: ws.otherAgent.email });
    await expect(as(ws.otherAgent).profile.update({ name: 'Luis', timeZone: 'Nowhere/Land', locale: 'es' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [expect.objectContaining({ path: ['timeZone'] })] },
    });
    const [row] = await database.db.select().from(users).where(eq(users.id, ws.otherAgent.id));
    expect(row).toMatchObject({ name: 'Luis Nuevo', timeZone: 'Asia/Tokyo' });
  });

  it('a new zone moves the pending business-clock deadlines of the conversations assigned to them (SPEC §4)', async () => {
    // 19:30 UTC: 20:30 in Madrid, half an hour before the business clock stops; 14:30 in New York.
    const sentAt = new Date('2026-12-01T19:30:00Z');
    await ingest(database.db, ws.sandbox, {
      messages: [{ providerMessageId: `prof-${kind}`, externalId: `+34600${kind}`, contactName: 'Cliente', contactPhone: null, body: 'Hola', sentAt, echo: false }],
      updates: [],
    }, { now: () => sentAt }, new Effects());
    const [message] = await database.db.select().from(messages).where(eq(messages.providerMessageId, `prof-${kind}`));
    await database.db.update(conversations).set({ assigneeId: ws.agent.id }).where(eq(conversations.id, message!.conversationId));
    await recomputeForAssignee(database.db, message!.conversationId);
    const pending = () =>
      database.db.select().from(deadlines).where(and(eq(deadlines.conversationId, message!.conversationId), eq(deadlines.clock, 'business'), eq(deadlines.status, 'pending')));
    const [madrid] = await pending();
    expect(madrid).toMatchObject({ zone: 'Europe/Madrid' });

    await as(ws.agent).profile.update({ name: ws.agent.name, timeZone: 'America/New_York', locale: 'es' });
    const [newYork] = await pending();
    expect(newYork).toMatchObject({ id: madrid!.id, zone: 'America/New_York' });
    // Two business hours from 14:30 in New York: 16:30 there, the same evening, not the next morning in Madrid.
    expect(newYork!.dueAt.toISOString()).toBe('2026-12-01T21:30:00.000Z');
    expect(madrid!.dueAt.toISOString()).toBe('2026-12-02T09:30:00.000Z');
  });
});
