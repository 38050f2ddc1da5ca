import { fork, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { conversations, teamMembers } from '@/db/schema';
import { createTeam } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { createTestPostgres } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import { sessionCookie } from './testing/harness';
import { startRedisProxy } from './testing/redis-proxy';

/*
 * Two server processes sharing one PostgreSQL and one Redis, as in production behind a load
 * balancer. PGlite cannot be shared between processes, so this needs TEST_DATABASE_URL and
 * TEST_REDIS_URL (CI sets both; .ci/run fails rather than skip when they are missing).
 */
const enabled = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);
if (!enabled && process.env.CI) throw new Error('CI must set TEST_DATABASE_URL and TEST_REDIS_URL for the cross-process realtime test');

const secret = 'cluster-secret-cluster-secret-cluster';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Node = {
  child: ChildProcess;
  url: string;
  ingest(channelId: string, id: string, from: string, body: string): Promise<void>;
  refreshRoomsOf(userIds: string[]): Promise<void>;
};

async function startNode(databaseUrl: string, redisUrl = process.env.TEST_REDIS_URL): Promise<Node> {
  const child = fork('server/realtime/testing/node.ts', {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, AUTH_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    ingest: (channelId, providerMessageId, externalId, body) =>
      new Promise((resolve) => {
        const done = (m: unknown) => {
          if ((m as { ingested?: string }).ingested !== providerMessageId) return;
          child.off('message', done);
          resolve();
        };
        child.on('message', done);
        child.send({ channelId, providerMessageId, externalId, body });
      }),
    refreshRoomsOf: (userIds) =>
      new Promise((resolve) => {
        const done = (m: unknown) => {
          if (!(m as { refreshed?: string[] }).refreshed) return;
          child.off('message', done);
          resolve();
        };
        child.on('message', done);
        child.send({ refreshRoomsOf: userIds });
      }),
  };
}

describe.skipIf(!enabled)('realtime across two server processes (PostgreSQL + Redis)', () => {
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let database: Database;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let one: Node;
  let two: Node;
  const clients: Client[] = [];

  beforeAll(async () => {
    const pg = await createTestPostgres();
    drop = pg.drop;
    databaseUrl = pg.url;
    database = await openDatabase({ url: pg.url, dataDir: null });
    await database.migrate();
    a = await createTestWorkspace(database.db, 'cluster-a');
    b = await createTestWorkspace(database.db, 'cluster-b');
    [one, two] = await Promise.all([startNode(pg.url), startNode(pg.url)]);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const node of [one, two]) {
      if (!node) continue;
      const exited = new Promise((resolve) => node.child.once('exit', resolve));
      node.child.kill('SIGTERM');
      await exited;
    }
    await database?.close();
    await drop?.();
    // The streams adapter keeps its event stream and recovery sessions in Redis: leave none behind.
    const redis = await createClient({ url: process.env.TEST_REDIS_URL }).connect();
    const keys = [...(await redis.keys('sio:session:*')), 'socket.io'];
    await redis.del(keys);
    await redis.quit();
  });

  async function client(node: Node, user: SessionUser, options: Parameters<typeof connect>[1] = {}): Promise<Client> {
    const cookie = await sessionCookie(database.db, user, secret);
    const socket: Client = connect(node.url, { transports: ['websocket'], extraHeaders: { cookie }, ...options });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }
  const next = (s: Client) => new Promise<string>((resolve) => s.once('message.created', ({ message }) => resolve(message.body)));
  const conversationOf = async (ws: TestWorkspace) =>
    (await database.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.workspaceId, ws.workspace.id) }))!.id;

  it('delivers a message ingested by process one to a browser connected to process two', async () => {
    const ana = await client(two, a.agent);
    const arrived = next(ana);
    await one.ingest(a.sandbox.id, 'cl-1', 'camila', 'hola desde el proceso uno');
    expect(await arrived).toBe('hola desde el proceso uno');
  });

  it("refuses a room join for another workspace's conversation, on either process", async () => {
    await one.ingest(b.sandbox.id, 'cl-2', 'bruno', 'otro espacio');
    const ana = await client(two, a.agent);
    const join = (id: string) => new Promise<boolean>((resolve) => ana.emit('conversation.join', id, resolve));
    expect(await join(await conversationOf(b))).toBe(false);
    expect(await join(await conversationOf(a))).toBe(true);
  });

  it('sees who is online and who views a conversation across processes', async () => {
    const lead = await client(one, a.supervisor);
    const own = await conversationOf(a);
    await new Promise<boolean>((resolve) => lead.emit('conversation.join', own, resolve));
    const ana = await client(two, a.agent);
    const snapshot = await new Promise<{ online: string[]; viewing: Record<string, { name: string }[]> }>((resolve) => ana.emit('presence.snapshot', resolve));
    expect(snapshot.online).toContain(a.supervisor.id);
    expect(snapshot.viewing[own]?.map((p) => p.name)).toContain(a.supervisor.name);
  });

  it("takes an agent's socket on process two out of a team left, when process one re-evaluates their rooms", async () => {
    await one.ingest(a.sandbox.id, 'cl-5', 'elsa', 'del equipo');
    const conv = await database.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.workspaceId, a.workspace.id), orderBy: (c, { desc }) => desc(c.lastMessageAt) });
    const team = await createTeam(database.db, { workspaceId: a.workspace.id, name: 'Atención cluster', visibility: 'shared' }, [a.agent.id]);
    await database.db.update(conversations).set({ teamId: team.id }).where(eq(conversations.id, conv!.id));
    const ana = await client(two, a.agent);
    expect(await Promise.all([next(ana), one.ingest(a.sandbox.id, 'cl-6', 'elsa', 'aún del equipo')]).then(([body]) => body)).toBe('aún del equipo');
    const heard: string[] = [];
    ana.on('message.created', ({ message }) => heard.push(message.body));
    await database.db.delete(teamMembers).where(eq(teamMembers.teamId, team.id));
    await one.refreshRoomsOf([a.agent.id]);
    await one.ingest(a.sandbox.id, 'cl-7', 'elsa', 'ya no es suyo');
    // The next message Ana hears is a conversation with no team: the team's had time to reach her.
    const later = next(ana);
    await one.ingest(a.sandbox.id, 'cl-8', 'fina', 'sin equipo');
    expect(await later).toBe('sin equipo');
    expect(heard).toEqual(['sin equipo']);
  });

  it('replays what a briefly disconnected browser missed, from the other process', async () => {
    const ana = await client(two, a.agent, { reconnectionDelay: 1500, reconnectionDelayMax: 1500, randomizationFactor: 0 });
    // Recovery resumes from the last event a browser saw: open a conversation, and see yourself viewing it.
    const seen = new Promise((resolve) => ana.once('presence.viewers', resolve));
    ana.emit('conversation.join', await conversationOf(a), () => {});
    await seen;
    const bodies: string[] = [];
    ana.on('message.created', ({ message }) => bodies.push(message.body));
    const reconnected = new Promise<boolean>((resolve) => ana.once('connect', () => resolve(ana.recovered)));
    ana.io.engine.close();
    await one.ingest(a.sandbox.id, 'cl-3', 'diana', 'perdido uno');
    await one.ingest(a.sandbox.id, 'cl-4', 'diana', 'perdido dos');
    expect(ana.connected).toBe(false);
    expect(await reconnected).toBe(true);
    await expect.poll(() => bodies).toEqual(['perdido uno', 'perdido dos']);
  });

  it('stops cleanly on SIGTERM while its sockets are still telling who is online (twice)', async () => {
    // Redis answering slowly stretches the presence lookups that closing sockets start across the
    // shutdown: they used to reach a Redis client already closed, and the process crashed.
    const proxy = await startRedisProxy(process.env.TEST_REDIS_URL!);
    proxy.delayAnswers(300);
    try {
      for (let round = 0; round < 2; round++) {
        const node = await startNode(databaseUrl, proxy.url);
        await Promise.all([client(node, a.agent), client(node, a.supervisor), client(node, b.agent)]);
        const exited = new Promise<number | null>((resolve) => node.child.once('exit', resolve));
        node.child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
