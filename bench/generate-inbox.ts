import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, labels, teamMembers, teams, users, workspaces } from '@/db/schema';
import { CHANNEL_KINDS } from '@/db/schema/values';
import { hashPassword } from '@/server/auth/password';

/** The body of a conversation's m-th message (1-based), the same in every conversation. */
const MESSAGE_BODY = sql.raw(`(array['Hola, quería pedir cita','¿Tenéis hueco el jueves?','Perfecto, gracias','Te confirmo la sesión','¿Cuánto cuesta la primera consulta?',
  'Hi, is there availability on Saturday?','Thanks a lot','I need to reschedule','Necesito cambiar la hora','Mi pedido no ha llegado'])[1 + (m + 6) % 10]`);
/** A label on one conversation in a thousand, beside twenty that each mark 1.5 %: a skewed workspace. */
export const RARE_LABEL = 'label-rare';

/*
 * A realistic workspace for the inbox benchmark, generated inside PostgreSQL with
 * generate_series: 50 agents in 5 teams, one contact per conversation (100,000 by default), ten
 * messages per conversation, deadlines on 40 %, labels on 30 %, half of them read, and one rare
 * label on 0.1 %.
 */
export async function generateInbox(db: Db, opts: { conversations: number; messagesPer: number; agents: number }) {
  const [ws] = await db.insert(workspaces).values({ name: 'Bench Clinic', timeZone: 'Europe/Madrid' }).returning();
  const workspaceId = ws!.id;
  const passwordHash = await hashPassword('bench');
  const agentRows = await db
    .insert(users)
    .values(Array.from({ length: opts.agents }, (_, i) => ({ workspaceId, email: `agent${i}@bench-${workspaceId.slice(0, 8)}.test`, name: `Agent ${i}`, passwordHash, role: 'agent' as const })))
    .returning();
  const [lead] = await db.insert(users).values({ workspaceId, email: `lead@bench-${workspaceId.slice(0, 8)}.test`, name: 'Lead', passwordHash, role: 'supervisor' }).returning();
  const teamRows = await db
    .insert(teams)
    .values(Array.from({ length: 5 }, (_, i) => ({ workspaceId, name: `Team ${i}`, visibility: 'shared' as const })))
    .returning();
  await db.insert(teamMembers).values(agentRows.map((a, i) => ({ teamId: teamRows[i % teamRows.length]!.id, userId: a.id })));
  await leadEveryTeam(db, workspaceId, lead!.id);
  const channelRows = await db
    .insert(channels)
    .values(CHANNEL_KINDS.map((kind) => ({ workspaceId, kind, publicId: `bench-${workspaceId.slice(0, 8)}-${kind}`, name: kind, settings: { delivery: 'record' as const } })))
    .returning();
  const labelRows = await db
    .insert(labels)
    .values(Array.from({ length: 20 }, (_, i) => ({ workspaceId, name: `label-${i}` })))
    .returning();

  const agentIds = sql.raw(`array[${agentRows.map((a) => `'${a.id}'::uuid`).join(',')}]`);
  const teamIds = sql.raw(`array[${teamRows.map((t) => `'${t.id}'::uuid`).join(',')}]`);
  const channelIds = sql.raw(`array[${channelRows.map((c) => `'${c.id}'::uuid`).join(',')}]`);
  const labelIds = sql.raw(`array[${labelRows.map((l) => `'${l.id}'::uuid`).join(',')}]`);
  const n = opts.conversations;

  // One transaction, so the session settings below hold for every statement (the pool has ten
  // connections). The workspace is built in bulk; what per-row work would do is done set-based.
  await db.transaction(async (tx) => {
    // Nothing waits on this transaction's commit being durable; a crash just means generating again.
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
    await tx.execute(sql`set local work_mem = '256MB'`);
    // Skips every trigger for this session only: the foreign-key checks (ten million messages
    // each checked against four tables) and the search-vector triggers, whose work is done below
    // in the insert itself. The generator's ids are consistent by construction.
    await tx.execute(sql`set local session_replication_role = replica`);
    // Secondary indexes are built once after the bulk insert rather than maintained row by row;
    // those behind constraints (primary keys) stay.
    await tx.execute(sql`
      create temporary table bench_dropped_indexes on commit drop as
      select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('contacts', 'conversations', 'messages', 'conversation_reads', 'conversation_labels')
        and not exists (select 1 from pg_constraint k where k.conindid = to_regclass('public.' || quote_ident(i.indexname)))`);
    await tx.execute(sql`do $$ declare i record; begin for i in select name from bench_dropped_indexes loop execute 'drop index public.' || quote_ident(i.name); end loop; end $$`);

    await tx.execute(sql`
      insert into contacts (workspace_id, name, phone, email, locale, time_zone)
      select ${workspaceId}, (array['Lucía','Javier','Carmen','Pablo','Elena','Diego','Marina','Emma','James','Olivia'])[1 + i % 10] || ' ' ||
               (array['García','López','Ruiz','Navarro','Torres','Smith','Brown','Taylor','Jiménez','Castillo'])[1 + (i / 10) % 10] || ' ' || i,
             '+34 6' || lpad(i::text, 8, '0'), 'contact' || i || '@bench.test',
             case when i % 3 = 0 then 'en' else 'es' end, 'Europe/Madrid'
      from generate_series(1, ${n}) i`);
    // Every conversation has the same ten message bodies (MESSAGE_BODY below), so the words its
    // messages add to the search vector are one constant, computed once and joined to the
    // contact's part: what the two search triggers would build row by row.
    await tx.execute(sql`
      insert into conversations (workspace_id, channel_id, contact_id, team_id, assignee_id, status, snoozed_until,
                                 last_inbound_at, last_inbound_arrived_at, last_outbound_at, last_message_at, last_message_preview, next_due_at,
                                 waiting_since, search_vector)
      select ${workspaceId}, (${channelIds})[1 + (r.k / 13) % 11], c.id, (${teamIds})[1 + (r.k / 7) % 5],
             case when r.k % 5 = 0 then null else (${agentIds})[1 + (r.k / 3) % ${opts.agents}] end,
             (case when r.k % 10 < 7 then 'open' when r.k % 10 < 8 then 'snoozed' else 'closed' end)::conversation_status,
             case when r.k % 10 = 7 then now() + interval '1 day' else null end,
             r.t - interval '5 minutes', r.t - interval '5 minutes', r.t, r.t, 'Último mensaje ' || r.k,
             case when r.k % 5 < 2 then now() + ((r.k % 97) - 30) * interval '1 hour' else null end,
             case when r.k % 10 < 8 and r.k % 5 in (1, 3) then r.t - (r.k % 300) * interval '1 minute' else null end,
             contact_search_vector(c.name, c.email) || w.v
      from (select id, name, email, row_number() over () as rn from contacts where workspace_id = ${workspaceId}) c
      cross join (select to_tsvector('simple', search_fold(string_agg(${MESSAGE_BODY}, ' ' order by m))) as v from generate_series(1, ${opts.messagesPer}) m) w
      cross join lateral (select c.rn as k, date_trunc('milliseconds', now() - (c.rn % 43200) * interval '1 minute') as t) r`);
    await tx.execute(sql`
      insert into messages (workspace_id, conversation_id, channel_id, direction, author_kind, author_id, body, status, provider_message_id, sent_at)
      select ${workspaceId}, c.id, c.channel_id,
             (case when m % 2 = 1 then 'inbound' else 'outbound' end)::message_direction,
             (case when m % 2 = 1 then 'contact' else 'agent' end)::author_kind,
             case when m % 2 = 1 then null else c.assignee_id end,
             ${MESSAGE_BODY},
             (case when m % 2 = 1 then 'received' else 'delivered' end)::delivery_status,
             'bench-' || c.id || '-' || m,
             date_trunc('milliseconds', c.last_message_at - (${opts.messagesPer} - m) * interval '7 minutes')
      from conversations c cross join generate_series(1, ${opts.messagesPer}) m
      where c.workspace_id = ${workspaceId}`);
    await tx.execute(sql`
      insert into conversation_reads (user_id, conversation_id, last_read_at)
      select assignee_id, id, last_message_at from conversations
      where workspace_id = ${workspaceId} and assignee_id is not null and (hashtext(id::text) % 2) = 0`);
    // Which label is hashed apart from whether there is one: with the same hash, `% 10 < 3` left
    // `% 20` only six of the twenty labels (label-3, the bench's, had none).
    await tx.execute(sql`
      insert into conversation_labels (conversation_id, label_id)
      select id, (${labelIds})[1 + abs(hashtext(id::text || 'label')) % 20] from conversations
      where workspace_id = ${workspaceId} and abs(hashtext(id::text)) % 10 < 3`);
    await addRareLabel(tx, workspaceId);
    await tx.execute(sql`do $$ declare i record; begin for i in select definition from bench_dropped_indexes loop execute i.definition; end loop; end $$`);
  });
  // What autovacuum would do in the minutes after: statistics, and the visibility map that lets
  // index-only scans skip the heap.
  await db.execute(sql`vacuum (analyze) contacts, conversations, messages, conversation_reads, conversation_labels`);
  await db.execute(sql`analyze`);
  const allLabels = await db.select().from(labels).where(eq(labels.workspaceId, workspaceId)).orderBy(labels.name);
  return { workspaceId, agents: agentRows, lead: lead!, channels: channelRows, labels: allLabels, teams: teamRows };
}

/**
 * The supervisor leads every team: since supervisors see only their teams' conversations (SPEC
 * §15), one who leads none would list nothing, and each of their views would measure a scan
 * that finds no row.
 */
async function leadEveryTeam(db: Db, workspaceId: string, leadId: string) {
  await db.execute(sql`insert into team_supervisors (team_id, user_id) select id, ${leadId} from teams where workspace_id = ${workspaceId} on conflict do nothing`);
}

/**
 * The rare label and its conversations (hashed apart from the other labels' choice), created
 * when missing so that a workspace generated before it existed gets it too.
 */
async function addRareLabel(db: Db, workspaceId: string) {
  await db.execute(sql`insert into labels (workspace_id, name) select ${workspaceId}, ${RARE_LABEL} where not exists (select 1 from labels where workspace_id = ${workspaceId} and name = ${RARE_LABEL})`);
  await db.execute(sql`
    insert into conversation_labels (conversation_id, label_id)
    select c.id, l.id from conversations c join labels l on l.workspace_id = c.workspace_id and l.name = ${RARE_LABEL}
    where c.workspace_id = ${workspaceId} and abs(hashtext(c.id::text || 'rare')) % 1000 = 0
    on conflict do nothing`);
}

/** The workspace a previous run generated, if any (one generated before supervisors led teams is brought up to date). */
export async function existingInbox(db: Db) {
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.name, 'Bench Clinic')).limit(1);
  if (!ws) return null;
  const people = await db.select().from(users).where(eq(users.workspaceId, ws.id)).orderBy(users.createdAt);
  const lead = people.find((u) => u.role === 'supervisor')!;
  await leadEveryTeam(db, ws.id, lead.id);
  if ((await db.select().from(labels).where(and(eq(labels.workspaceId, ws.id), eq(labels.name, RARE_LABEL)))).length === 0) await addRareLabel(db, ws.id);
  return {
    workspaceId: ws.id,
    agents: people.filter((u) => u.role === 'agent').sort((a, b) => Number(a.name.split(' ')[1]) - Number(b.name.split(' ')[1])),
    lead,
    labels: await db.select().from(labels).where(eq(labels.workspaceId, ws.id)).orderBy(labels.name),
  };
}
