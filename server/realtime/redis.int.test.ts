import { createClient } from 'redis';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { setDatabase, type Database } from '@/db/client';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { withEffects } from '@/server/app/flush';
import { ingest } from '@/server/channels/ingest';
import { systemClock } from '@/server/clock';
import { connectRedis, forAdapter } from './redis';
import { sessionCookie, startRealtime, type Client } from './testing/harness';
import { startRedisProxy } from './testing/redis-proxy';

/*
 * Redis going away, faked by a TCP proxy in front of the real one (TEST_REDIS_URL). The test
 * works in a Redis database of its own and deletes its keys at the end.
 */
const enabled = Boolean(process.env.TEST_REDIS_URL);
if (!enabled && process.env.CI) throw new Error('CI must set TEST_REDIS_URL for the Redis fault tests');

const redisUrl = (() => {
  const url = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = '/11';
  return url.toString();
})();

describe.skipIf(!enabled)('realtime when Redis goes away', () => {
  let database: Database;
  let a: TestWorkspace;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    a = await createTestWorkspace(database.db, 'redis-fault');
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    const cleanup = createClient({ url: redisUrl });
    await cleanup.connect();
    for await (const keys of cleanup.scanIterator({ MATCH: 'sio:session:*' })) if (keys.length) await cleanup.del(keys);
    await cleanup.del('socket.io');
    await cleanup.quit();
  });

  const healthNow = async () => {
    const response = await health();
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const ingestOne = (id: string, body: string) =>
    withEffects(database.db, (fx) =>
      ingest(database.db, a.sandbox, { messages: [{ providerMessageId: id, externalId: 'rosa', contactName: 'Rosa', contactPhone: null, body, sentAt: new Date(), echo: false }], updates: [] }, systemClock, fx),
    );

  it('refuses to start without it, with a message naming REDIS_URL', async () => {
    const proxy = await startRedisProxy(redisUrl);
    proxy.cut();
    try {
      await expect(connectRedis(proxy.url, { startTimeoutMs: 300 })).rejects.toThrow(/^REDIS_URL redis:\/\/127\.0\.0\.1:\d+\/11 is unreachable/);
    } finally {
      await proxy.close();
    }
  });

  it('reports redis-down with 503 while it is gone, and a socket that recovers afterwards misses nothing', async () => {
    const proxy = await startRedisProxy(redisUrl);
    const rt = await startRealtime(database.db, await connectRedis(proxy.url));
    try {
      expect(await healthNow()).toEqual({ status: 200, body: { status: 'ok', db: 'pglite', realtime: 'redis' } });
      await ingestOne('rf-1', 'antes');
      const conversation = (await database.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id) }))!;

      const cookie = await sessionCookie(database.db, a.agent);
      const ana: Client = rt.track(connect(rt.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnectionDelay: 300, reconnectionDelayMax: 300, randomizationFactor: 0 }));
      // Recovery resumes from the last event a browser saw: open the conversation and see yourself viewing it.
      const seen = new Promise((resolve) => ana.once('presence.viewers', resolve));
      ana.emit('conversation.join', conversation.id, () => {});
      await seen;

      proxy.cut();
      await expect.poll(healthNow).toEqual({ status: 503, body: { status: 'degraded', db: 'pglite', realtime: 'redis-down' } });
      const bodies: string[] = [];
      ana.on('message.created', ({ message }) => bodies.push(message.body));
      const reconnected = new Promise<boolean>((resolve) => ana.once('connect', () => resolve(ana.recovered)));
      ana.io.engine.close();
      await ingestOne('rf-2', 'mientras tanto');

      proxy.restore();
      expect(await reconnected).toBe(true);
      await expect.poll(() => bodies).toEqual(['mientras tanto']);
      await expect.poll(healthNow).toEqual({ status: 200, body: { status: 'ok', db: 'pglite', realtime: 'redis' } });
    } finally {
      await rt.close();
      await proxy.close();
    }
  }, 30_000);

  it('a PUBLISH or SET the adapter fires as Redis drops is logged and given up, never an unhandled rejection', async () => {
    const proxy = await startRedisProxy(redisUrl);
    const client = await connectRedis(proxy.url);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Answers held back, so the commands are in flight when the connection drops.
      proxy.delayAnswers(2_000);
      const raw = client.publish('cadence-test', 'x');
      const adapterView = forAdapter(client);
      const published = adapterView.publish('cadence-test', 'x');
      const stored = adapterView.set('cadence-test-session', 'v', { PX: 1_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.cut();
      // The client itself rejects (what crashed the process when nobody awaited it)…
      await expect(raw).rejects.toThrow();
      // …the adapter's view gives up quietly, and nothing was left unhandled.
      await expect(published).resolves.toBeNull();
      await expect(stored).resolves.toBeNull();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      client.destroy();
      await proxy.close();
    }
  });
});
