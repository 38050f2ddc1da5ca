import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { attachments } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { withEffects } from '@/server/app/flush';
import { jobHandlers } from '@/server/app/jobs';
import { metaSignature } from '@/server/channels/signature';
import { receiveWebhook } from '@/server/channels/webhook';
import { systemClock } from '@/server/clock';
import { startScheduler } from '@/server/scheduler/loop';
import { ensureDatabase } from './database';
import { ms, percentiles } from './stats';
import './app-key';

/*
 * `npm run bench:media`: 200 WhatsApp photos of 1 MB each from a fake Graph API (a real local
 * server, in a child process), through the signed webhook while the download job runs in this
 * process as it does in the server. Measured in the same run, interleaved one for one: the
 * webhook's answer time for a photo against a text message's (target: p99 within 1.5×, since the
 * webhook only stores a reference), files stored per second from the first webhook to the last
 * file ready, and this process's peak RSS (streams, not buffers: it should stay far below the
 * 200 MB that went through it; the peak of `arrayBuffers`, where a file read into memory would sit, says so
 * more sharply than RSS, which an in-memory PGlite also grows).
 *
 * BENCH_FILES (default 200), BENCH_FILE_BYTES (default 1 MiB). DATABASE_URL: PostgreSQL (created
 * when missing); otherwise an in-memory PGlite, the embedded default. Files go to a temporary
 * DATA_DIR/files (or S3_URL when set).
 */
const FILES = Number(process.env.BENCH_FILES ?? 200);
const TOKEN = 'EAAbench-media';
const encoder = new TextEncoder();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function startFake(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'media-fake.ts')], {
    env: { ...process.env, BENCH_FILES: String(FILES), BENCH_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the media fake exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ url: line.trim(), stop: () => child.kill() }));
  });
}

async function main() {
  const fake = await startFake();
  process.env.PROVIDER_URL_WHATSAPP = fake.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cadence-bench-media-'));
  process.env.DATA_DIR = dataDir;
  const url = process.env.DATABASE_URL;
  if (url) await ensureDatabase(url);
  const database = await openDatabase({ url, dataDir: null });
  await database.migrate();
  const db = database.db;
  const tag = `benchmedia${Date.now().toString(36)}`;
  const ws = await createTestWorkspace(db, tag);
  const appSecret = `${tag}-secret`;
  const channel = await createChannel(db, {
    workspaceId: ws.workspace.id,
    kind: 'whatsapp',
    publicId: `${tag}-wa`,
    name: 'WhatsApp bench',
    secrets: { accessToken: TOKEN, phoneNumberId: '109876543219999', wabaId: '102290129349999', appSecret },
  });

  const post = async (message: Record<string, unknown>, phone: string) => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', contacts: [{ profile: { name: `Cliente ${phone}` }, wa_id: phone }], messages: [{ from: phone, timestamp: String(Math.floor(Date.now() / 1000)), ...message }] } }] }],
    });
    const rawBody = encoder.encode(body);
    const headers = new Headers({ 'x-hub-signature-256': metaSignature(rawBody, appSecret), 'content-type': 'application/json' });
    const t0 = performance.now();
    const result = await withEffects(db, (fx) => receiveWebhook(db, { provider: 'whatsapp', publicId: channel.publicId, rawBody, headers, url: 'http://bench/' }, systemClock, fx));
    const took = performance.now() - t0;
    if (result.stored !== 1) throw new Error(`not stored: ${JSON.stringify(result)}`);
    return took;
  };

  // The download job runs here, as in a WORKER=1 server, polling every 100 ms.
  const stop = startScheduler(db, jobHandlers, systemClock, 100);
  const rssBefore = process.memoryUsage().rss;
  // Memory while the files go through: resident set, and the buffers outside the JS heap a file held in memory would sit in.
  const peaks = { rss: rssBefore, arrayBuffers: 0, heapUsed: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, m.rss);
    peaks.arrayBuffers = Math.max(peaks.arrayBuffers, m.arrayBuffers);
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
  }, 50);
  const text: number[] = [];
  const photo: number[] = [];
  const started = performance.now();
  for (let i = 0; i < FILES; i++) {
    const phone = `3469${String(i).padStart(8, '0')}`;
    // A new contact's first message (not measured) opens the conversation; then the same known
    // contact's text and photo, in turns first and second, see the same tables and the same downloads running.
    await post({ id: `wamid.bench-hello-${tag}-${i}`, type: 'text', text: { body: 'Hola' } }, phone);
    const sendText = async () => text.push(await post({ id: `wamid.bench-text-${tag}-${i}`, type: 'text', text: { body: `Os mando la foto ${i}` } }, phone));
    const sendPhoto = async () => photo.push(await post({ id: `wamid.bench-photo-${tag}-${i}`, type: 'image', image: { id: `bench-photo-${i}`, mime_type: 'image/jpeg', caption: `foto ${i}` } }, phone));
    if (i % 2 === 0) {
      await sendText();
      await sendPhoto();
    } else {
      await sendPhoto();
      await sendText();
    }
  }
  const webhooksDone = performance.now();
  let ready = 0;
  let failed = 0;
  for (;;) {
    const rows = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from attachments where workspace_id = ${ws.workspace.id} group by status`);
    ready = rows.find((r) => r.status === 'ready')?.n ?? 0;
    failed = rows.find((r) => r.status === 'failed')?.n ?? 0;
    if (ready + failed >= FILES) break;
    if (performance.now() - started > 10 * 60_000) throw new Error(`only ${ready} of ${FILES} files ready after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const allStored = performance.now();
  await stop();
  clearInterval(sampler);
  const peak = process.resourceUsage().maxRSS * 1024;
  const [{ bytes } = { bytes: 0 }] = await queryRows<{ bytes: number }>(db, sql`select coalesce(sum(size), 0)::bigint as bytes from files where workspace_id = ${ws.workspace.id}`);
  const [sample] = await db.select().from(attachments).where(eq(attachments.workspaceId, ws.workspace.id)).limit(1);
  await database.close();
  fake.stop();
  await rm(dataDir, { recursive: true, force: true });

  const t = percentiles(text);
  const p = percentiles(photo);
  console.log(`\nmedia bench: ${database.kind}, ${FILES} photos of ${mb(Number(bytes) / Math.max(1, ready))} (sniffed ${sample?.mimeType}), interleaved with ${FILES} texts\n`);
  console.log('| webhook | p50 | p95 | p99 |');
  console.log('|---|---|---|---|');
  console.log(`| text message | ${ms(t.p50)} | ${ms(t.p95)} | ${ms(t.p99)} |`);
  console.log(`| photo message | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} |`);
  console.log(`\nphoto p99 / text p99: ${(p.p99 / t.p99).toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`files: ${ready} ready, ${failed} failed, ${mb(Number(bytes))} stored; ${((ready * 1000) / (allStored - started)).toFixed(1)} files/s from the first webhook to the last file (webhooks done after ${((webhooksDone - started) / 1000).toFixed(1)} s, all stored after ${((allStored - started) / 1000).toFixed(1)} s)`);
  console.log(`memory: RSS ${mb(rssBefore)} before, peak ${mb(peak)} (${mb(peak - rssBefore)} over the start, for ${mb(Number(bytes))} through the process); peak heap used ${mb(peaks.heapUsed)}, peak array buffers ${mb(peaks.arrayBuffers)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
