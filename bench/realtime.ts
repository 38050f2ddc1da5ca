import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io as connect, type Socket } from 'socket.io-client';
import { metaSignature } from '@/server/channels/signature';
import type { ClientToServerEvents, RealtimePayload, ServerToClientEvents } from '@/server/realtime/events';
import type { AppReady } from './realtime-app-server';
import type { BareReady } from './realtime-bare-server';
import { ms, percentiles } from './stats';
import './app-key';

/*
 * `npm run bench:realtime`: N socket.io clients on the app; messages posted through the signed
 * sandbox webhook; p50/p99 of (delivery at a client − the moment just before the POST) over
 * every (message, client). As many clients and the same payloads against a bare socket.io
 * server, interleaved message by message in the same run, make our pipeline's cost a ratio.
 *
 * Both servers run in child processes so the N clients' event loop (this one) is shared with
 * neither. Clocks: both ends of each latency are read here with performance.now().
 *
 * BENCH_CLIENTS (default 50,200,1000), BENCH_MESSAGES per N and server (default 30).
 * DATABASE_URL: PostgreSQL (created when missing); otherwise PGlite in a temporary directory.
 */
const CLIENTS = (process.env.BENCH_CLIENTS ?? '50,200,1000').split(',').map((s) => Number(s.trim()));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 30);
const WARMUP = 20;
const GAP_MS = 20;
const TIMEOUT_MS = 15_000;
// Opening sockets in batches: a thousand handshakes at once only measures the backlog.
const CONNECT_BATCH = 50;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Payload = RealtimePayload<'message.created'>;

/** One message in flight: when it was sent and who has it so far. */
type Pending = { t0: number; latencies: number[]; remaining: number; done: () => void };
const pending = new Map<string, Pending>();
/** The first payload the app published: the bare server broadcasts copies of it. */
let template: Payload | undefined;

// Every client of both servers shares this listener; the message body is the id.
function onMessage(payload: Payload): void {
  if (!template) template = payload;
  const m = pending.get(payload.message.body);
  if (!m) return;
  m.latencies.push(performance.now() - m.t0);
  if (--m.remaining === 0) m.done();
}

type Target = {
  name: 'app' | 'bare';
  url: string;
  cookies: string[];
  /** Builds (and signs) the request before the clock starts; the returned call only sends it. */
  prepare(id: string): () => Promise<Response>;
};

function start<T>(file: string, env: Record<string, string>): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as T }));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
}
const children: ChildProcess[] = [];

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.send('stop');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

async function connectAll(target: Target, n: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, n - i) }, (_, k) => {
      const cookie = target.cookies[(i + k) % Math.max(1, target.cookies.length)];
      const socket: Client = connect(target.url, {
        transports: ['websocket'],
        forceNew: true, // one connection per client, never multiplexed
        reconnection: false, // a drop must show up as lost deliveries
        extraHeaders: cookie ? { cookie } : {},
      });
      socket.on('message.created', onMessage);
      clients.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (e) => reject(new Error(`${target.name} client ${i + k}: ${e.message}`)));
      });
    });
    await Promise.all(batch);
  }
  return clients;
}

/** Sends one message and waits until every client has it, or the timeout. */
async function measure(target: Target, id: string, n: number, timeoutMs = TIMEOUT_MS): Promise<{ latencies: number[]; missing: number }> {
  const send = target.prepare(id);
  let done = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  const m: Pending = { t0: 0, latencies: [], remaining: n, done };
  pending.set(id, m);
  m.t0 = performance.now();
  const response = await send();
  const text = await response.text();
  if (!response.ok) throw new Error(`${target.name} answered ${response.status}: ${text}`);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  pending.delete(id);
  return { latencies: m.latencies, missing: m.remaining };
}

/** Until WARMUP messages in a row reach every client: sockets are in their rooms, code is hot. */
async function warmUp(target: Target, n: number): Promise<void> {
  let inARow = 0;
  for (let attempt = 0; attempt < WARMUP * 4 && inARow < WARMUP; attempt++) {
    const { missing } = await measure(target, `warmup-${target.name}-${n}-${attempt}`, n, 5_000);
    inARow = missing === 0 ? inARow + 1 : 0;
  }
  if (inARow < WARMUP) throw new Error(`${target.name}: warm-up messages never reached all ${n} clients`);
}

const pgliteDir = process.env.DATABASE_URL ? null : await mkdtemp(path.join(os.tmpdir(), 'cadence-bench-rt-'));
let stopping = false;
async function cleanUp(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map(stopChild));
  if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

const rows: string[] = [];
let lost = 0;
try {
  const [app, bare] = await Promise.all([
    start<AppReady>('realtime-app-server.ts', pgliteDir ? { BENCH_PGLITE_DIR: pgliteDir } : {}),
    start<BareReady>('realtime-bare-server.ts', {}),
  ]);
  const appTarget: Target = {
    name: 'app',
    url: `http://127.0.0.1:${app.ready.port}`,
    cookies: app.ready.cookies,
    prepare(id) {
      // A new contact per message: the whole first-contact path (contact, conversation, First contact protocol).
      const body = JSON.stringify({ id, from: { id: `bench-${id}`, name: `Bench ${id}` }, text: id, timestamp: new Date().toISOString() });
      const headers = { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(Buffer.from(body), app.ready.appSecret) };
      const url = `http://127.0.0.1:${app.ready.port}/api/webhooks/${app.ready.provider}/${app.ready.publicId}`;
      return () => fetch(url, { method: 'POST', headers, body });
    },
  };
  const bareTarget: Target = {
    name: 'bare',
    url: `http://127.0.0.1:${bare.ready.port}`,
    cookies: [],
    prepare(id) {
      if (!template) throw new Error('no app payload to copy yet');
      const body = JSON.stringify({ ...template, message: { ...template.message, body: id } });
      const url = `http://127.0.0.1:${bare.ready.port}/broadcast`;
      return () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    },
  };

  console.log(`Database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; ${MESSAGES} messages per N and server; N = ${CLIENTS.join(', ')}`);
  for (const n of CLIENTS) {
    const t0 = performance.now();
    const clients = await connectAll(appTarget, n);
    const t1 = performance.now();
    clients.push(...(await connectAll(bareTarget, n)));
    const t2 = performance.now();
    await warmUp(appTarget, n); // first: it provides the payload the bare server copies
    await warmUp(bareTarget, n);
    const results = { app: [] as number[], bare: [] as number[] };
    let missing = 0;
    // Interleaved, so a hiccup of the machine lands on both sides alike.
    for (let i = 0; i < MESSAGES; i++) {
      for (const target of [appTarget, bareTarget]) {
        const r = await measure(target, `${target.name}-${n}-${i}`, n);
        results[target.name].push(...r.latencies);
        missing += r.missing;
        await sleep(GAP_MS);
      }
    }
    for (const c of clients) c.disconnect();
    lost += missing;
    const a = percentiles(results.app);
    const b = percentiles(results.bare);
    const expected = 2 * MESSAGES * n;
    const delivered = `${(expected - missing).toLocaleString('en')} / ${expected.toLocaleString('en')}`;
    rows.push(`| ${n.toLocaleString('en')} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ms(b.p99)} | ${(a.p50 / b.p50).toFixed(1)}× | ${(a.p99 / b.p99).toFixed(1)}× | ${delivered} |`);
    console.log(`N = ${n}: connected in ${ms(t1 - t0)} (app), ${ms(t2 - t1)} (bare)`);
    await sleep(500); // let both servers drop the closed sockets before the next N
  }
} finally {
  await cleanUp();
}

if (template) console.log(`\nPayload: message.created of ${Buffer.byteLength(JSON.stringify(template))} bytes of JSON.`);
console.log('\n| clients | app p50 | app p99 | bare socket.io p50 | bare socket.io p99 | app / bare (p50) | app / bare (p99) | delivered (app + bare) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
if (lost > 0) {
  console.error(`\nLOST ${lost} deliveries: some client never received some message within ${TIMEOUT_MS / 1000} s.`);
  process.exitCode = 1;
}
