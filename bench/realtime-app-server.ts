import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureDatabase } from './database';
import { POST as webhookRoute } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { openDatabase, setDatabase } from '@/db/client';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { setRealtimeServer } from '@/server/realtime/publish';
import { attachRealtime } from '@/server/realtime/server';
import { sessionCookie } from '@/server/realtime/testing/harness';
import './app-key';

/*
 * The app side of `npm run bench:realtime`, run as a child process so the clients' event loop
 * never shares ours. It serves the webhook route and the real realtime server on one HTTP server,
 * like server.ts, but without Next.js: Next's router is constant work in front of the route and
 * not what the bench measures (see bench/README.md).
 *
 * Database: PostgreSQL at DATABASE_URL (created when missing), else PGlite in BENCH_PGLITE_DIR.
 */
export type AppReady = { port: number; provider: 'sandbox'; publicId: string; appSecret: string; cookies: string[] };

const url = process.env.DATABASE_URL;
if (url) await ensureDatabase(url);
const dataDir = process.env.BENCH_PGLITE_DIR;
if (!url && !dataDir) throw new Error('Set DATABASE_URL or BENCH_PGLITE_DIR');
const database = await openDatabase({ url, dataDir: url ? null : path.join(dataDir!, 'pglite') });
await database.migrate();
// The route reads the database through getDb(), as in the app.
setDatabase(database);
// A fresh workspace per run: its public ids stay unique when a PostgreSQL database is reused.
const ws = await createTestWorkspace(database.db, `rt-${Date.now().toString(36)}`);

const secret = randomBytes(32).toString('hex');
// Every role the test workspace has: agents join the agents room, leads the leads room; a
// conversation with no team is published to both, so every socket gets every message.
const users = [ws.agent, ws.otherAgent, ws.supervisor, ws.admin];
const cookies = await Promise.all(users.map((user) => sessionCookie(database.db, user, secret)));

const WEBHOOK = /^\/api\/webhooks\/([^/]+)\/([^/]+)$/;

/** Hands a Node request to the app's route handler as the web Request Next would build. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const match = req.method === 'POST' ? WEBHOOK.exec(req.url ?? '') : null;
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  const request = new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
  const response = await webhookRoute(request, { params: Promise.resolve({ provider: match[1]!, channelId: match[2]! }) });
  res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
  res.end(await response.text());
}

const httpServer = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
const realtime = await attachRealtime(httpServer, { db: database.db, secret });
setRealtimeServer(realtime.io);
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));

const ready: AppReady = {
  port: (httpServer.address() as AddressInfo).port,
  provider: 'sandbox',
  publicId: ws.sandbox.publicId,
  appSecret: ws.sandbox.secrets.appSecret!,
  cookies,
};
process.send!(ready);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  httpServer.closeAllConnections();
  await realtime.close();
  setRealtimeServer(undefined);
  await database.close();
  process.exit(0);
}
// 'stop' from the parent, or the IPC channel closing because the parent died.
process.on('message', (m) => m === 'stop' && void stop());
process.on('disconnect', () => void stop());
