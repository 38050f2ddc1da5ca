import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { contactIdentities, contacts, conversations, messages, outbox } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { startDelivery } from '@/server/app/delivery';
import { startMetaFake } from '@/server/channels/providers/meta-fake';
import { systemClock } from '@/server/clock';
import { ensureDatabase } from './database';
import { ms, percentiles } from './stats';
import './app-key';

/*
 * `npm run bench:outbound`: BENCH_MESSAGES (default 10,000) queued replies over BENCH_CHANNELS
 * (default 10) WhatsApp channels, delivered by the real delivery worker (claims, pacing, retries,
 * settling) to the Graph API fake answering in BENCH_LATENCY_MS (default 50) and failing 2 % of
 * sends with a transient error (131000). Measures delivered per second, commit → provider request
 * p50/p99, and, in the same run, the fake's own ceiling: the same number of requests sent by a
 * bare loop of fetches at the worker's concurrency. Checks every message was delivered exactly
 * once (one accepted request per message) or failed with a reason.
 *
 * The messages and their outbox rows are written as the send pipeline writes them, in bulk and
 * committed at once: the burst is the worst case for the queue, and the send pipeline's own cost
 * is bench:inbox's and the tests' business. DATABASE_URL: PostgreSQL; otherwise in-memory PGlite.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 10);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const FAIL_RATE = 0.02;

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) await ensureDatabase(url);
  const database = await openDatabase({ url, dataDir: null });
  await database.migrate();
  const db = database.db;
  const tag = `out${Date.now().toString(36)}`;
  const ws = await createTestWorkspace(db, tag);
  const numbers = Array.from({ length: CHANNELS }, (_, i) => ({ phoneNumberId: `1065403500${String(i).padStart(5, '0')}`, wabaId: `1022901200${i}`, accessToken: `EAAbench${i}` }));
  const fake = await startMetaFake({ whatsapp: numbers, latencyMs: LATENCY, randomFailure: { rate: FAIL_RATE, failure: { code: 131000 } } });
  process.env.PROVIDER_URL_WHATSAPP = fake.url;

  const channelRows = await Promise.all(
    numbers.map((n, i) => createChannel(db, { workspaceId: ws.workspace.id, kind: 'whatsapp', publicId: `${tag}-${i}`, name: `WA ${i}`, secrets: { ...n, appSecret: 'x' } })),
  );

  // One contact per message, who wrote a minute ago (the window is open): WhatsApp's pair rate
  // (one message per 6 s per recipient) is then not what is measured. Written in bulk.
  const wrote = new Date(Date.now() - 60_000);
  const ids: string[] = [];
  let committedAt = 0;
  await db.transaction(async (tx) => {
    for (let start = 0; start < MESSAGES; start += 500) {
      const size = Math.min(500, MESSAGES - start);
      const batch = Array.from({ length: size }, (_, k) => ({ i: start + k, channel: channelRows[(start + k) % CHANNELS]! }));
      const people = await tx
        .insert(contacts)
        .values(batch.map(({ i }) => ({ workspaceId: ws.workspace.id, name: `Contact ${i}`, phone: `+3460${String(i).padStart(7, '0')}` })))
        .returning({ id: contacts.id });
      await tx.insert(contactIdentities).values(batch.map(({ i, channel }, k) => ({ contactId: people[k]!.id, channelId: channel.id, externalId: `3460${String(i).padStart(7, '0')}` })));
      const convs = await tx
        .insert(conversations)
        .values(batch.map(({ channel }, k) => ({ workspaceId: ws.workspace.id, channelId: channel.id, contactId: people[k]!.id, lastInboundAt: wrote, lastMessageAt: wrote })))
        .returning({ id: conversations.id, channelId: conversations.channelId });
      committedAt = Date.now();
      const now = new Date(committedAt);
      const stored = await tx
        .insert(messages)
        .values(convs.map((c, k) => ({ workspaceId: ws.workspace.id, conversationId: c.id, channelId: c.channelId, direction: 'outbound' as const, authorKind: 'agent' as const, authorId: ws.agent.id, body: `reply ${batch[k]!.i}`, status: 'queued' as const, sentAt: now })))
        .returning({ id: messages.id, channelId: messages.channelId });
      await tx.insert(outbox).values(stored.map((m) => ({ messageId: m.id, channelId: m.channelId, queuedAt: now, dueAt: now })));
      ids.push(...stored.map((m) => m.id));
    }
  });
  // The whole burst becomes visible to the worker at once, when this transaction commits.
  committedAt = Date.now();

  // A bench database is disposable: what an interrupted earlier run left queued is not this run's.
  await db.execute(sql`delete from outbox where channel_id not in (select id from channels where workspace_id = ${ws.workspace.id})`);
  const started = performance.now();
  const worker = startDelivery(db, systemClock);
  let settled = 0;
  while (settled < MESSAGES) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from messages where workspace_id = ${ws.workspace.id} and direction = 'outbound' and status <> 'queued'`);
    settled = row!.n;
    if (process.env.BENCH_VERBOSE) console.log(`  … ${settled} settled after ${((performance.now() - started) / 1000).toFixed(1)} s, ${fake.requests.length} requests`);
  }
  const elapsed = (performance.now() - started) / 1000;
  await worker.stop();

  const sends = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
  const accepted = new Map<string, number>();
  const firstRequest = new Map<string, number>();
  for (const r of sends) {
    const id = (r.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data!;
    if (!firstRequest.has(id)) firstRequest.set(id, r.at);
    if (!r.failed) accepted.set(id, (accepted.get(id) ?? 0) + 1);
  }
  const statuses = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from messages where workspace_id = ${ws.workspace.id} and direction = 'outbound' group by status`);
  const [unexplained] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from messages where workspace_id = ${ws.workspace.id} and direction = 'outbound' and status = 'failed' and error_code is null`);
  const twice = [...accepted.values()].filter((n) => n > 1).length;
  const latency = percentiles(ids.map((id) => (firstRequest.get(id) ?? NaN) - committedAt));

  // The fake's ceiling at the worker's concurrency (200 in flight), in the same run.
  const inFlight = 200;
  const baselineStart = performance.now();
  let next = 0;
  const body = (i: number) => JSON.stringify({ messaging_product: 'whatsapp', to: '34600000000', type: 'text', text: { body: `baseline ${i}` } });
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < MESSAGES) {
        const i = next++;
        const n = numbers[i % CHANNELS]!;
        await fetch(`${fake.url}/v26.0/${n.phoneNumberId}/messages`, { method: 'POST', headers: { authorization: `Bearer ${n.accessToken}`, 'content-type': 'application/json' }, body: body(i) }).then((r) => r.text());
      }
    }),
  );
  const baselineRate = MESSAGES / ((performance.now() - baselineStart) / 1000);
  const rate = MESSAGES / elapsed;
  const pacedCeiling = CHANNELS * 80;

  console.log(`\nbench:outbound — ${MESSAGES} messages over ${CHANNELS} WhatsApp channels, fake answering in ${LATENCY} ms, ${FAIL_RATE * 100} % transient failures (${database.kind})`);
  console.log(`  settled in ${elapsed.toFixed(1)} s: ${rate.toFixed(0)} messages/s`);
  console.log(`  statuses: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}; accepted twice: ${twice}; accepted once: ${[...accepted.values()].filter((n) => n === 1).length}`);
  console.log(`  commit → first provider request: p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}`);
  console.log(`  requests to the fake: ${sends.length} (${sends.filter((r) => r.failed).length} answered with 131000 and retried)`);
  console.log(`  the fake's own ceiling, ${inFlight} requests in flight: ${baselineRate.toFixed(0)}/s; WhatsApp's pacing ceiling (80/s per number): ${pacedCeiling}/s`);
  console.log(`  ratio: ${(rate / Math.min(baselineRate, pacedCeiling)).toFixed(2)}× of min(fake ceiling, pacing ceiling); ${(rate / baselineRate).toFixed(2)}× of the fake's ceiling`);
  console.log(`  failed without a reason: ${unexplained!.n}`);
  const reasons = await queryRows<{ status: string; error_message: string; n: number }>(
    db,
    sql`select status, left(error_message, 120) as error_message, count(*)::int as n from messages where workspace_id = ${ws.workspace.id} and direction = 'outbound' and status in ('failed', 'unknown') group by 1, 2 order by 3 desc limit 5`,
  );
  for (const r of reasons) console.log(`    ${r.status} ×${r.n}: ${r.error_message}`);
  await fake.close();
  await database.close();
  if (twice > 0 || unexplained!.n > 0) process.exitCode = 1;
}

await main();
