import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io as connect, type Socket } from 'socket.io-client';
import { metaSignature } from '@/server/channels/signature';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/realtime/events';
import { ms, percentiles } from './stats';

/*
 * The second half of `npm run bench:ingest`: what a person at the screen sees while a burst of
 * new contacts arrives (issue: background work must never starve HTTP and sockets). The app is
 * `server.ts` in production mode on the embedded database with the demo, one process doing
 * everything (`npm start`: the scheduler sends the burst's automatic messages in the same
 * process). A supervisor's socket (signed in over HTTP like a browser) listens for
 * `message.created`; a probe, a known contact's signed sandbox webhook, goes every
 * BENCH_PROBE_MS (250), and its latency is webhook POST → the event on that socket. Probes are
 * measured before the burst (the baseline, same run), during BENCH_BURST (2,000) new contacts'
 * webhooks (BENCH_BURST_CONCURRENCY, 10, in flight) and for BENCH_AFTER_S (60) seconds after, while
 * the scheduler works through what the burst left. Also counted: socket disconnects, probes never
 * delivered, and `/api/health` answer times.
 * Needs a `next build` first (as `npm start` does).
 */
const BURST = Number(process.env.BENCH_BURST ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_BURST_CONCURRENCY ?? 10);
const PROBE_MS = Number(process.env.BENCH_PROBE_MS ?? 250);
const BASELINE = Number(process.env.BENCH_BASELINE ?? 60);
const AFTER_S = Number(process.env.BENCH_AFTER_S ?? 60);
const PORT = Number(process.env.BENCH_PORT ?? 3260);
const PROBE_TIMEOUT_MS = 30_000;
const base = `http://127.0.0.1:${PORT}`;
const SECRET = 'demo-sandbox-secret';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let app: ChildProcess | undefined;
async function startApp(dataDir: string): Promise<void> {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  app = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...inherited, NODE_ENV: 'production', PORT: String(PORT), PUBLIC_URL: base, DATA_DIR: dataDir, SEED_DEMO: 'auto' },
  });
  for (const started = Date.now(); Date.now() - started < 180_000; await sleep(250)) {
    if (app.exitCode !== null) throw new Error(`server.ts exited with ${app.exitCode}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
  }
  throw new Error('server.ts did not answer /api/health within 3 minutes');
}

/** Signs in as a browser does (Auth.js credentials with its CSRF token) and returns the session's cookies. */
async function signIn(email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  keep(login);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`sign-in as ${email} failed: ${login.status}`);
  return cookie();
}

const webhook = (id: string, from: string, name: string, text: string) => {
  const body = JSON.stringify({ id, from: { id: from, name }, text, timestamp: new Date().toISOString() });
  return fetch(`${base}/api/webhooks/sandbox/demo-sandbox`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(new TextEncoder().encode(body), SECRET) },
    body,
  });
};

/** Probes waiting for their event, by body. */
const waiting = new Map<string, (at: number) => void>();

type Sample = { latency: number | null; phase: 'baseline' | 'burst' | 'after' };
const samples: Sample[] = [];
const health: number[] = [];
/** Which part of the run a probe sent now belongs to. */
const now: { phase: Sample['phase'] } = { phase: 'baseline' };
let probes = 0;

/** One probe: a known contact writes; the time until the supervisor's socket has it (null: never, within the timeout). */
async function probe(): Promise<void> {
  const id = `probe-${probes++}`;
  const at = now.phase;
  const arrived = new Promise<number | null>((resolve) => {
    waiting.set(id, resolve);
    setTimeout(() => resolve(null), PROBE_TIMEOUT_MS);
  });
  const t0 = performance.now();
  const response = await webhook(id, '+34600999000', 'Sonda', id).catch(() => null);
  if (!response?.ok) {
    waiting.delete(id);
    samples.push({ latency: null, phase: at });
    return;
  }
  const t1 = await arrived;
  waiting.delete(id);
  samples.push({ latency: t1 === null ? null : t1 - t0, phase: at });
}

async function timeHealth(): Promise<void> {
  const t0 = performance.now();
  await fetch(`${base}/api/health`).catch(() => null);
  health.push(performance.now() - t0);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cadence-burst-'));
let socket: Client | undefined;
try {
  await startApp(dataDir);
  const cookie = await signIn('supervisor@cadence.test', 'cadence');
  let disconnects = 0;
  socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie } });
  socket.on('message.created', ({ message }) => waiting.get(message.body)?.(performance.now()));
  socket.on('disconnect', () => disconnects++);
  await new Promise<void>((resolve, reject) => {
    socket!.once('connect', resolve);
    socket!.once('connect_error', reject);
  });
  // The probe's contact exists before measuring: every probe is a known contact's message.
  await webhook('probe-first', '+34600999000', 'Sonda', 'hola');
  await sleep(1000);

  const probing = (async () => {
    for (;;) {
      if (now.phase === 'after' && samples.filter((s) => s.phase === 'after').length >= (AFTER_S * 1000) / PROBE_MS) return;
      const next = sleep(PROBE_MS);
      void probe();
      void timeHealth();
      await next;
    }
  })();
  while (samples.length < BASELINE) await sleep(50);

  now.phase = 'burst';
  const burstStarted = performance.now();
  let nextContact = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = nextContact++; i < BURST; i = nextContact++) {
        const response = await webhook(`burst-${i}`, `+3461${String(i).padStart(7, '0')}`, `Ráfaga ${i}`, `Hola, quisiera una cita (${i})`).catch(() => null);
        if (!response?.ok) refused++;
      }
    }),
  );
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  now.phase = 'after';
  await probing;
  // Late probes (still waiting) are in by now or timed out.
  await sleep(1000);

  console.log(`\nburst bench: ${BURST} new contacts' webhooks, ${CONCURRENCY} in flight, in ${burstSeconds.toFixed(1)} s (${(BURST / burstSeconds).toFixed(0)}/s, ${refused} refused); probes every ${PROBE_MS} ms; embedded database, one process\n`);
  console.log('| phase | probes | lost | webhook → screen p50 | p95 | p99 | p99 / baseline p99 |');
  console.log('|---|---|---|---|---|---|---|');
  const baseline = percentiles(samples.filter((s) => s.phase === 'baseline' && s.latency !== null).map((s) => s.latency!));
  for (const name of ['baseline', 'burst', 'after'] as const) {
    const of = samples.filter((s) => s.phase === name);
    const got = of.filter((s) => s.latency !== null).map((s) => s.latency!);
    const p = percentiles(got);
    console.log(`| ${name} | ${of.length} | ${of.length - got.length} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${(p.p99 / baseline.p99).toFixed(2)}× |`);
  }
  const h = percentiles(health);
  console.log(`\n/api/health: p50 ${ms(h.p50)}, p95 ${ms(h.p95)}, p99 ${ms(h.p99)}; socket disconnects: ${disconnects}`);
} finally {
  socket?.disconnect();
  if (app && app.exitCode === null && app.signalCode === null) {
    const exited = once(app, 'exit');
    app.kill('SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
}
