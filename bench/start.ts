import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureBuild } from '../scripts/next-build';
import { percentiles } from './stats';

/*
 * `npm run bench:start`: how long a second `npm start` takes to a healthy server (the build up to
 * date, the demo already seeded), against the server alone (`tsx server.ts`, no build check) on
 * the same data, interleaved run by run so a busy moment of the machine weighs on both.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3199);
const root = process.cwd();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadence-bench-start-'));
const env = { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** Seconds from spawning `command` to its first healthy answer; then it is stopped (its whole group) and awaited. */
async function startOnce(command: string, args: string[], extra: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, env: { ...env, ...extra }, stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (!(await healthy())) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode} before it was healthy`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  return seconds;
}

const npmStart = () => startOnce('npm', ['start']);
const serverAlone = () => startOnce(process.execPath, ['--import', 'tsx', 'server.ts'], { NODE_ENV: 'production' });

try {
  if (ensureBuild(root, { force: false }) === 'built') console.log('(built first: the runs below find the build up to date)');
  console.log(`first start, seeding the demo: ${(await npmStart()).toFixed(1)} s`);
  const ours: number[] = [];
  const alone: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await npmStart());
    alone.push(await serverAlone());
  }
  const a = percentiles(ours);
  const b = percentiles(alone);
  const s = (n: number) => `${n.toFixed(2)} s`;
  console.log('\n| start, to a healthy /api/health | p50 | p95 | p99 |\n|---|---|---|---|');
  console.log(`| \`npm start\` (build up to date) | ${s(a.p50)} | ${s(a.p95)} | ${s(a.p99)} |`);
  console.log(`| the server alone (\`tsx server.ts\`) | ${s(b.p50)} | ${s(b.p95)} | ${s(b.p99)} |`);
  console.log(`\nnpm start / server alone, p50: ${(a.p50 / b.p50).toFixed(2)}×  (${RUNS} runs each, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
