import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { metaSignature } from '@/server/channels/signature';

/*
 * `npm run bench:faults`: the app (`server.ts`, production build, embedded database) killed with
 * SIGKILL in the middle of work, restarted, and its clients retrying what lost its answer.
 * 1. BENCH_WEBHOOKS (2,000) signed sandbox webhooks at 50/s, a kill a third of the way in.
 * 2. BENCH_SENDS (200) REST replies, ten at a time, each with its own Idempotency-Key, a kill
 *    1.5 s in; the client resends what got no answer with the same key.
 * Prints accepted vs stored vs duplicated; both must be 0 lost, 0 duplicated.
 * Needs a `next build` first (as `npm start` and `npm run test:e2e` do).
 */
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 2000);
const SENDS = Number(process.env.BENCH_SENDS ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3250);
const base = `http://127.0.0.1:${PORT}`;
const RETRY_FOR_MS = 120_000;

let app: ChildProcess | undefined;
async function startApp(dataDir: string): Promise<void> {
  // The embedded database and one process: what `npm start` runs.
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...inherited, NODE_ENV: 'production', PORT: String(PORT), DATA_DIR: dataDir, SEED_DEMO: 'auto' },
  });
  app = child;
  for (const started = Date.now(); Date.now() - started < 120_000; await sleep(250)) {
    if (child.exitCode !== null) throw new Error(`server.ts exited with ${child.exitCode}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
  }
  throw new Error('server.ts did not answer /api/health within 2 minutes');
}
async function killApp(): Promise<void> {
  if (!app || app.exitCode !== null || app.signalCode !== null) return;
  const exited = once(app, 'exit');
  app.kill('SIGKILL');
  await exited;
}
async function stopApp(): Promise<void> {
  if (!app || app.exitCode !== null || app.signalCode !== null) return;
  const exited = once(app, 'exit');
  app.kill('SIGTERM');
  await exited;
}

/** Sends until an answer comes back (any status below 500 is an answer), or gives up after RETRY_FOR_MS. */
async function untilAnswered(send: () => Promise<Response>): Promise<{ status: number; attempts: number }> {
  const started = Date.now();
  for (let attempts = 1; ; attempts++) {
    const status = await send().then((r) => r.status, () => 0);
    if (status > 0 && status < 500) return { status, attempts };
    if (Date.now() - started > RETRY_FOR_MS) return { status, attempts };
    await sleep(500);
  }
}

async function webhooks(dataDir: string) {
  const ids = Array.from({ length: WEBHOOKS }, (_, i) => `fault-${i}`);
  const post = (id: string) => () => {
    const body = JSON.stringify({ id, from: { id: `+3460${id.slice(6).padStart(7, '0')}`, name: `Fault ${id}` }, text: `hola ${id}`, timestamp: new Date().toISOString() });
    return fetch(`${base}/api/webhooks/sandbox/demo-sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(new TextEncoder().encode(body), 'demo-sandbox-secret') },
      body,
    });
  };
  const results: Promise<{ status: number; attempts: number }>[] = [];
  for (const [i, id] of ids.entries()) {
    if (i === Math.floor(WEBHOOKS / 3)) {
      await killApp();
      // The provider keeps retrying while the process comes back.
      void startApp(dataDir);
    }
    results.push(untilAnswered(post(id)));
    await sleep(20);
  }
  const answers = await Promise.all(results);
  return { sent: ids.length, accepted: answers.filter((a) => a.status === 200).length, retried: answers.filter((a) => a.attempts > 1).length };
}

async function sends(dataDir: string) {
  const token = { authorization: 'Bearer demo-admin-token', 'content-type': 'application/json' };
  const list = (await (await fetch(`${base}/api/v1/conversations?channel=sandbox&limit=1`, { headers: token })).json()) as { data: { id: string }[] };
  const conversationId = list.data[0]!.id;
  const send = (i: number) => () =>
    fetch(`${base}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...token, 'idempotency-key': `fault-send-${i}` },
      body: JSON.stringify({ kind: 'free_form', body: `fault-send-${i}`, quietHours: 'send_anyway' }),
    });
  const killAt = setTimeout(() => void killApp().then(() => startApp(dataDir)), 1500);
  const answers: { status: number; attempts: number }[] = [];
  for (let i = 0; i < SENDS; i += 10) {
    answers.push(...(await Promise.all(Array.from({ length: Math.min(10, SENDS - i) }, (_, j) => untilAnswered(send(i + j))))));
  }
  clearTimeout(killAt);
  return { sent: SENDS, accepted: answers.filter((a) => a.status === 201).length, retried: answers.filter((a) => a.attempts > 1).length };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cadence-faults-'));
try {
  await startApp(dataDir);
  const hooks = await webhooks(dataDir);
  const replies = await sends(dataDir);
  await stopApp();
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  const [stored] = await queryRows<{ n: number; distinct_ids: number }>(
    database.db,
    sql`select count(*)::int as n, count(distinct provider_message_id)::int as distinct_ids from messages where provider_message_id like 'fault-%'`,
  );
  const [sent] = await queryRows<{ n: number; bodies: number; deliveries: number }>(
    database.db,
    sql`select count(*)::int as n, count(distinct m.body)::int as bodies, (select count(*)::int from recorded_sends r join messages x on x.id = r.message_id where x.body like 'fault-send-%') as deliveries
        from messages m where m.body like 'fault-send-%'`,
  );
  await database.close();
  console.log(`webhooks: ${hooks.sent} sent, ${hooks.accepted} accepted (${hooks.retried} retried), ${stored!.distinct_ids} stored, ${stored!.n - stored!.distinct_ids} duplicated, ${hooks.sent - stored!.distinct_ids} lost`);
  console.log(`replies: ${replies.sent} sent, ${replies.accepted} accepted (${replies.retried} retried), ${sent!.bodies} stored, ${sent!.n - sent!.bodies} duplicated, ${sent!.deliveries} delivered, ${replies.sent - sent!.bodies} lost`);
} finally {
  await killApp();
  await rm(dataDir, { recursive: true, force: true });
}
