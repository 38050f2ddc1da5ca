import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import { sessionUser, startSession } from '@/server/auth/sessions';
import type { ListConversationsInput } from '@/server/conversations/schemas';
import { parseSearch, SEARCH_WINDOW, searchHits, searchHitsQuery } from '@/server/conversations/search';
import { channelsOfKindQuery, listConversations, listQuery, windowHitsQuery } from '@/server/conversations/service';
import { ensureDatabase } from './database';
import { existingInbox, generateInbox, RARE_LABEL } from './generate-inbox';
import { ms, percentiles } from './stats';
import './app-key';

/*
 * `npm run bench:inbox`: the inbox list at BENCH_CONVERSATIONS conversations (100,000 by
 * default) with ten messages each, on the PostgreSQL named by DATABASE_URL (created when missing). For each common view it reports
 * p50/p95/p99 of our whole list call (query + deadlines + labels + mapping) and of the time
 * PostgreSQL itself reports for the same SQL (EXPLAIN ANALYZE: executing, and apart, planning),
 * so our layers' cost shows.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/cadence_bench');
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const SIZE = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);

await ensureDatabase(url);

const database = await openDatabase({ url, dataDir: null });
await database.migrate();
// BENCH_REUSE=1 measures again on the workspace a previous run generated.
const data = (process.env.BENCH_REUSE && (await existingInbox(database.db))) || (await generate());
async function generate() {
  const started = performance.now();
  const generated = await generateInbox(database.db, { conversations: SIZE, messagesPer: 10, agents: 50 });
  console.log(`Generated ${SIZE.toLocaleString('en')} conversations, ${(SIZE * 10).toLocaleString('en')} messages in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return generated;
}

const asUser = (u: { id: string; workspaceId: string; role: SessionUser['role']; name: string; email: string }): SessionUser => ({ ...u, timeZone: 'Europe/Madrid', locale: 'es' });
const agent = asUser(data.agents[7]!);
const lead = asUser(data.lead);
const base = { limit: 50, tab: 'all', sort: 'urgent' } as const;
// By name: a fresh generation and a reused one list labels in different orders.
const label = data.labels.find((l) => l.name === 'label-3')!;
const rareLabel = data.labels.find((l) => l.name === RARE_LABEL)!;
const views: { name: string; user: SessionUser; input: ListConversationsInput }[] = [
  { name: 'Mine + open, by deadline (agent)', user: agent, input: { ...base, tab: 'mine', status: 'open' } },
  { name: 'All + unread (supervisor)', user: lead, input: { ...base, status: 'open', unread: true } },
  { name: 'Open, oldest waiting (supervisor)', user: lead, input: { ...base, status: 'open', sort: 'waiting' } },
  { name: 'Channel + label (supervisor)', user: lead, input: { ...base, status: 'open', channel: 'whatsapp', labelId: label.id } },
  { name: 'A label on 0.1 % of conversations, open (supervisor)', user: lead, input: { ...base, status: 'open', labelId: rareLabel.id } },
  { name: 'Search "cita" (supervisor)', user: lead, input: { ...base, search: 'cita', sort: 'newest' } },
  { name: 'Search a name, 1,000 matches "Marina Torres" (supervisor)', user: lead, input: { ...base, search: 'Marina Torres', sort: 'newest' } },
  { name: 'Search a name nobody has "Zacarías" (supervisor)', user: lead, input: { ...base, search: 'Zacarías', sort: 'newest' } },
  { name: 'Search a word being typed, prefix "Mari" (supervisor)', user: lead, input: { ...base, search: 'Mari', sort: 'newest' } },
  { name: 'Search an email, 1 match (supervisor)', user: lead, input: { ...base, search: 'contact4217@bench.test', sort: 'newest' } },
  { name: 'Search phone "600 004 217" (supervisor)', user: lead, input: { ...base, search: '600 004 217', sort: 'newest' } },
];

// As the app's own connections (db/client.ts): no JIT.
const client = postgres(url, { max: 1, onnotice: () => {}, connection: { jit: 'off' } });
const rows: string[] = [];
for (const view of views) {
  const now = new Date();
  // Warm-up: more than the five runs after which PostgreSQL may keep a prepared statement's generic plan.
  for (let i = 0; i < 10; i++) await listConversations(database.db, view.user, view.input, now);
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await listConversations(database.db, view.user, view.input, now);
    ours.push(performance.now() - t0);
  }
  // The same statements our call runs: a newest-first text search looks through its window
  // first, and only when that holds no page asks the index for its few matches.
  const search = view.input.search ? parseSearch(view.input.search) : null;
  const statements = [];
  // A channel filter reads the ids of the channels of its kind first.
  const channels = view.input.channel ? channelsOfKindQuery(database.db, view.user.workspaceId, view.input.channel) : null;
  if (channels) statements.push(channels.toSQL());
  const channelIds = channels ? (await channels).map((c) => c.id) : null;
  let hits: string[] | null = null;
  if (search?.kind === 'text') {
    const windowed = view.input.sort === 'newest' ? windowHitsQuery(database.db, view.user, view.input, now, search.query, SEARCH_WINDOW, channelIds) : null;
    const page = windowed ? await windowed : [];
    if (windowed) statements.push(windowed.toSQL());
    if (page.length > view.input.limit) hits = page.map((r) => r.id);
    else {
      statements.push(searchHitsQuery(database.db, view.user.workspaceId, search.query).toSQL());
      hits = await searchHits(database.db, view.user.workspaceId, search);
    }
  }
  statements.push(listQuery(database.db, view.user, view.input, now, { hits, channelIds }).toSQL());
  const pg: number[] = [];
  const planning: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let executing = 0;
    let planned = 0;
    for (const { sql: text, params } of statements) {
      const [plan] = await client.unsafe(`explain (analyze, format json) ${text}`, params as never[]);
      const top = (plan!['QUERY PLAN'] as { 'Execution Time': number; 'Planning Time': number }[])[0]!;
      executing += top['Execution Time'];
      planned += top['Planning Time'];
    }
    pg.push(executing);
    planning.push(planned);
    whole.push(executing + planned);
  }
  const a = percentiles(ours);
  const b = percentiles(pg);
  rows.push(`| ${view.name} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ms(b.p95)} | ${ms(percentiles(planning).p50)} | ${(a.p50 / percentiles(whole).p50).toFixed(1)}× |`);
}
// The session check every request makes before any of the above (issue 17: a deactivation or a
// role change counts from the next request): one read of the session with its user.
{
  const now = new Date();
  const sessionId = await startSession(database.db, agent.id, now);
  for (let i = 0; i < 5; i++) await sessionUser(database.db, sessionId, now); // warm-up; the first writes last-seen
  const check: number[] = [];
  for (let i = 0; i < RUNS * 5; i++) {
    const t0 = performance.now();
    const user = await sessionUser(database.db, sessionId, now);
    check.push(performance.now() - t0);
    if (user?.id !== agent.id) throw new Error('the session check did not find the bench agent');
  }
  const c = percentiles(check);
  rows.push(`| Session check, every request (agent) | ${ms(c.p50)} | ${ms(c.p95)} | ${ms(c.p99)} | | | | |`);
}
console.log('\n| view | ours p50 | ours p95 | ours p99 | PostgreSQL p50 | PostgreSQL p95 | PostgreSQL planning p50 | ours / PostgreSQL planning + execution (p50) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
await client.end();
await database.close();
