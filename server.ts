import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { openDatabase, setDatabase } from '@/db/client';
import { isEmpty, seedDemo } from '@/db/seed/demo';
import { DEMO_PASSWORD, demoUsers } from '@/db/seed/demo-data';
import { stampClientAddress } from '@/server/auth/client-address';
import { resolveAppKey, resolveAuthSecret } from '@/server/auth/secret';
import { checkAppKeys } from '@/db/secret-box';
import { resealChannelSecrets } from '@/db/reseal';
import { readEnv } from '@/server/env';
import { needsSetup } from '@/server/workspaces/create';
import { startDelivery } from '@/server/app/delivery';
import { setRealtimeServer } from '@/server/realtime/publish';
import { systemClock } from '@/server/clock';
import { ensureSweep } from '@/server/protocols/jobs';
import { ensureTemplateSyncs } from '@/server/channels/providers/whatsapp/template-sync';
import { ensureSendKeyPurge } from '@/server/messages/send-keys';
import { ensureShortLinkPurge } from '@/server/links/service';
import { jobHandlers } from '@/server/app/jobs';
import { startScheduler } from '@/server/scheduler/loop';
import { connectRedis } from '@/server/realtime/redis';
import { attachRealtime } from '@/server/realtime/server';

/*
 * One HTTP server hosting Next.js and socket.io. Order matters: configuration, then Redis (when
 * set), then the database (migrated, seeded when empty), then Next.js, then realtime, then
 * listening.
 */
const dev = process.argv.includes('--dev');
const env = (() => {
  try {
    return readEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();

// A cluster member that silently ran alone would split the realtime world: without the Redis it
// was told to use, the process says so on one line and exits.
const redis = env.REDIS_URL
  ? await connectRedis(env.REDIS_URL).catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    })
  : undefined;

const secret = await resolveAuthSecret(env.AUTH_SECRET, env.DATA_DIR);
// The Next.js bundle is another module graph: it reads the secret from the environment (through
// server/env.ts), and next-auth reads its own NEXTAUTH_* variables.
process.env.AUTH_SECRET = secret;
process.env.NEXTAUTH_SECRET = secret;
process.env.NEXTAUTH_URL = env.PUBLIC_URL;
process.env.APP_KEY = await resolveAppKey(env.APP_KEY, env.DATA_DIR);
try {
  checkAppKeys();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.DATA_DIR, 'pglite') });
try {
  await database.migrate();
} catch (error) {
  console.error('Migration failed; not starting.', error);
  await database.close();
  process.exit(1);
}
const resealed = await resealChannelSecrets(database.db);
if (resealed > 0) console.log(`Sealed the credentials of ${resealed} channel(s) with the current APP_KEY.`);
const seed = env.SEED_DEMO === 'always' || (env.SEED_DEMO === 'auto' && database.kind === 'pglite');
if (seed && (await isEmpty(database.db))) {
  await seedDemo(database.db, new Date());
  console.log('Seeded the demo workspace "Demo Clinic".');
}
// What to tell whoever started the server: the first run's page, or the demo's logins when it is the demo.
const firstRun = await needsSetup(database.db);
const demo = seed && !firstRun && (await database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, demoUsers[0]!.email) })) !== undefined;
setDatabase(database);

const httpServer = createServer();
const app = next({ dev, port: env.PORT, httpServer });
await app.prepare();
const handle = app.getRequestHandler();
// Requests in flight, so shutdown can wait for them before it closes what they publish through.
let requests = 0;
let drained = () => {};
httpServer.on('request', (req, res) => {
  stampClientAddress(req, env.TRUST_PROXY);
  requests++;
  res.once('close', () => {
    if (--requests === 0) drained();
  });
  void handle(req, res);
});

const realtime = await attachRealtime(httpServer, { db: database.db, secret, redis });
setRealtimeServer(realtime.io);

// Due work runs in WORKER=1 processes only (the default); a WORKER=0 process serves pages, the
// API and sockets, and tells its browsers what WORKER=1 processes did through Redis.
async function startWorker(): Promise<() => Promise<void>> {
  await ensureSweep(database.db, new Date());
  await ensureSendKeyPurge(database.db, new Date());
  await ensureTemplateSyncs(database.db, new Date());
  await ensureShortLinkPurge(database.db, new Date());
  // Queued messages left by a stopped process are in the outbox: the worker takes them first.
  const delivery = startDelivery(database.db, systemClock);
  const stopJobs = startScheduler(database.db, jobHandlers, systemClock);
  return async () => {
    await Promise.all([stopJobs(), delivery.stop()]);
  };
}
const stopScheduler = env.WORKER ? await startWorker() : async () => {};

httpServer.listen(env.PORT, () => {
  console.log(`\nCadence is running at http://localhost:${env.PORT}  (database: ${database.kind}, realtime: ${env.REDIS_URL ? 'redis' : 'memory'}, due work: ${env.WORKER ? 'here' : 'in WORKER=1 processes'})`);
  if (firstRun) console.log(`Nobody is here yet: open ${env.PUBLIC_URL}/setup to create the first workspace and its admin.`);
  if (demo) {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const u of demoUsers) console.log(`  ${u.email.padEnd(26)} ${u.role}`);
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight requests, then stopping.`);
  // In order: stop accepting; drain the requests and the job batch in flight (they publish
  // through the sockets' adapter); close the sockets, the adapter and Redis; then the database.
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  httpServer.closeIdleConnections();
  const force = setTimeout(() => httpServer.closeAllConnections(), 10_000);
  await Promise.all([requests === 0 ? undefined : new Promise<void>((resolve) => (drained = resolve)), stopScheduler()]);
  await realtime.close();
  await closed;
  clearTimeout(force);
  setRealtimeServer(undefined);
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
