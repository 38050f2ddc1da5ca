import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { claimDueJobs } from '@/server/scheduler/queue';
import { ensureDatabase } from './database';
import { drain } from './scheduler-drain';
import { ms, percentiles } from './stats';

/*
 * `npm run bench:scheduler`: BENCH_PENDING jobs (follow-ups, deadlines, wakes) spread over the
 * next 30 days, then BENCH_DUE due now, drained by one and by two scheduler processes: the time
 * until the last due one has run, the claim's p50/p99 while draining, jobs per second, and the
 * claim with nothing due. Each pending size is measured on its own table, side by side: the
 * claim reads the due end of an index on run_at, so its cost must not grow with what is pending.
 *
 * BENCH_PENDING: comma-separated sizes (default 10000,1000000); BENCH_DUE (default 10000);
 * BENCH_PROCESSES (default 1,2). DATABASE_URL: PostgreSQL (created when missing), needed for two
 * processes; without it an in-memory PGlite and one process, in this one.
 */
const PENDING = (process.env.BENCH_PENDING ?? '10000,1000000').split(',').map(Number);
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number);
const IDLE_CLAIMS = 50;
const KINDS = sql`(array['followup.due', 'deadline.due', 'conversation.wake'])[1 + i % 3]`;

type Drained = Awaited<ReturnType<typeof drain>>;

/** N worker processes, each ready on its own connection before the clock starts. */
async function drainInProcesses(url: string, n: number): Promise<{ goAt: number; results: Drained[] }> {
  const children = await Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'scheduler-worker.ts')], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, DATABASE_URL: url },
      });
      return new Promise<typeof child>((resolve, reject) => {
        child.once('message', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`a scheduler worker exited with ${code} before it was ready`)));
      });
    }),
  );
  const results = children.map((child) => new Promise<Drained>((resolve) => child.once('message', (m) => resolve(m as Drained))));
  const goAt = Date.now();
  for (const child of children) child.send('go');
  return { goAt, results: await Promise.all(results) };
}

async function round(database: Database, url: string | undefined, pending: number, processes: number) {
  const db = database.db;
  const idle: number[] = [];
  for (let i = 0; i < IDLE_CLAIMS; i++) {
    const t0 = performance.now();
    await claimDueJobs(db, new Date(), { limit: 20, leaseMs: 60_000 });
    idle.push(performance.now() - t0);
  }
  await db.execute(
    sql`insert into jobs (kind, payload, run_at)
        select ${KINDS}, jsonb_build_object('bench', 'due', 'n', i), now() - (i % 60) * interval '1 second'
        from generate_series(1, ${sql.raw(String(DUE))}) as i`,
  );
  const { goAt, results } =
    processes === 1 && !url ? { goAt: Date.now(), results: [await drain(db)] } : await drainInProcesses(url!, processes);
  const lastRanMs = Math.max(...results.map((r) => r.finishedAt)) - goAt;
  const [check] = await queryRows<{ due: number; done: number; repeated: number; early: number }>(
    db,
    sql`select count(*) filter (where payload ->> 'bench' = 'due')::int as due,
               count(*) filter (where payload ->> 'bench' = 'due' and done_at is not null)::int as done,
               count(*) filter (where payload ->> 'bench' = 'due' and attempts > 1)::int as repeated,
               count(*) filter (where payload ->> 'bench' = 'pending' and (done_at is not null or attempts > 0))::int as early
        from jobs`,
  );
  const ran = results.reduce((n, r) => n + r.ran, 0);
  if (check!.done !== DUE || check!.repeated !== 0 || check!.early !== 0 || ran !== DUE) {
    throw new Error(`not exactly once: ${JSON.stringify({ ...check, ran })}`);
  }
  // The next round starts from the same table: the due jobs gone, their dead index entries too.
  await db.execute(sql`delete from jobs where payload ->> 'bench' = 'due'`);
  await db.execute(sql`vacuum analyze jobs`);
  const claims = percentiles(results.flatMap((r) => r.claimsMs));
  return { pending, processes, lastRanMs, jobsPerSecond: (DUE * 1000) / lastRanMs, claims, idle: percentiles(idle) };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) await ensureDatabase(url);
  const database = await openDatabase({ url, dataDir: null });
  await database.migrate();
  const processes = url ? PROCESSES : PROCESSES.filter((n) => n === 1);
  const rows = [];
  for (const pending of PENDING) {
    await database.db.execute(sql`truncate jobs`);
    const t0 = performance.now();
    await database.db.execute(
      sql`insert into jobs (kind, payload, run_at)
          select ${KINDS}, jsonb_build_object('bench', 'pending', 'n', i), now() + interval '1 hour' + (i::float8 / ${sql.raw(String(pending))}) * interval '30 days'
          from generate_series(1, ${sql.raw(String(pending))}) as i`,
    );
    await database.db.execute(sql`vacuum analyze jobs`);
    console.log(`${pending} pending jobs over 30 days generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const n of processes) rows.push(await round(database, url, pending, n));
  }
  await database.close();

  console.log(`\nscheduler bench: ${database.kind}, ${DUE} due now, batches of 20\n`);
  console.log('| pending | processes | last due one ran after | jobs/s | claim p50 | claim p99 | claim, nothing due, p50 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.pending.toLocaleString('en')} | ${r.processes} | ${(r.lastRanMs / 1000).toFixed(2)} s | ${r.jobsPerSecond.toFixed(0)} | ${ms(r.claims.p50)} | ${ms(r.claims.p99)} | ${ms(r.idle.p50)} |`);
  }
  const [small, large] = [Math.min(...PENDING), Math.max(...PENDING)];
  for (const n of processes) {
    const a = rows.find((r) => r.pending === small && r.processes === n);
    const b = rows.find((r) => r.pending === large && r.processes === n);
    if (a && b && a !== b) console.log(`\n${n} process(es): claim p50 with ${large.toLocaleString('en')} pending / with ${small.toLocaleString('en')}: ${(b.claims.p50 / a.claims.p50).toFixed(2)}×`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
