import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { webhookNonces } from '@/db/schema';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { claimNonce } from './nonces';

describe.each(testDatabaseKinds)('webhook nonces (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  const now = new Date('2026-11-21T12:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `nonce${kind}`);
  });
  afterAll(() => database.close());

  it('are claimed once per channel, also by two requests at the same moment', async () => {
    const claim = (channelId: string) => claimNonce(database.db, { channelId, nonce: 'same', expiresAt: later(60_000) }, now);
    expect(await Promise.all([claim(ws.sandbox.id), claim(ws.sandbox.id)])).toEqual(expect.arrayContaining([true, false]));
    expect(await claim(ws.sandbox.id)).toBe(false);
    expect(await claim(ws.whatsapp.id)).toBe(true);
  });

  it('are purged once expired, and may then be claimed again', async () => {
    expect(await claimNonce(database.db, { channelId: ws.sandbox.id, nonce: 'old', expiresAt: later(60_000) }, now)).toBe(true);
    expect(await claimNonce(database.db, { channelId: ws.sandbox.id, nonce: 'old', expiresAt: later(120_000) }, later(61_000))).toBe(true);
    // Only the nonce just claimed is left: every one that expired went with the claim's purge.
    expect((await database.db.select({ n: count() }).from(webhookNonces))[0]!.n).toBe(1);
  });
});
