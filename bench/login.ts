import { performance } from 'node:perf_hooks';
import { openDatabase } from '@/db/client';
import { createUser, createWorkspace } from '@/db/seed/factories';
import { systemClock } from '@/server/clock';
import { authenticate } from '@/server/auth/service';
import { ms, percentiles } from './stats';
import './app-key';

/*
 * `npm run bench:login`: how long a refused sign-in takes for a known email with a wrong password
 * and for an unknown email, through the service with its throttling (embedded database, or
 * DATABASE_URL). The two must match (SPEC §15): a ratio near 1 tells an attacker nothing. Each
 * attempt uses its own address and at most 5 go to one account, so no attempt is throttled.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: null });
await database.migrate();
const workspace = await createWorkspace(database.db, { name: `Login bench ${Date.now()}` });
const tag = Date.now().toString(36);
const users = await Promise.all(
  Array.from({ length: Math.ceil(RUNS / 5) }, (_, i) => createUser(database.db, { workspaceId: workspace.id, email: `known-${i}@${tag}.bench`, name: `Known ${i}` })),
);

const known: number[] = [];
const unknown: number[] = [];
async function time(email: string, i: number): Promise<number> {
  const started = performance.now();
  const result = await authenticate(database.db, systemClock, { email, password: 'not-the-password', address: `bench-${tag}-${email}-${i}` });
  if (result.ok || result.throttledUntil) throw new Error(`attempt ${i} was not refused as a wrong password`);
  return performance.now() - started;
}
for (let i = 0; i < 10; i++) await time(`warmup-${i}@${tag}.bench`, i);
// Interleaved, so a slow moment of the machine weighs on both alike.
for (let i = 0; i < RUNS; i++) {
  known.push(await time(users[i % users.length]!.email, i));
  unknown.push(await time(`unknown-${i}@${tag}.bench`, i));
}

const k = percentiles(known);
const u = percentiles(unknown);
console.log(`| path | p50 | p95 | p99 |\n|---|---|---|---|`);
console.log(`| known email, wrong password | ${ms(k.p50)} | ${ms(k.p95)} | ${ms(k.p99)} |`);
console.log(`| unknown email | ${ms(u.p50)} | ${ms(u.p95)} | ${ms(u.p99)} |`);
console.log(`\nunknown / known, p50: ${(u.p50 / k.p50).toFixed(2)}×  (${RUNS} attempts each, ${database.kind})`);
await database.close();
