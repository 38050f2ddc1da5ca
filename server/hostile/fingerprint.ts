import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

/** Rows that belong to the victim, per column that can say so. */
export type Owned = Partial<Record<'workspace_id' | 'conversation_id' | 'contact_id' | 'user_id' | 'agent_id' | 'channel_id' | 'team_id' | 'id', string[]>>;

/**
 * A hash of every row the victim owns, table by table: equal before and after an attack means
 * the attack changed nothing of theirs. A table joins by having one of the owner columns.
 */
export async function fingerprint(db: Db, owned: Owned): Promise<Record<string, string>> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name`,
  );
  const byTable = new Map<string, Set<string>>();
  for (const c of columns) byTable.set(c.table_name, (byTable.get(c.table_name) ?? new Set()).add(c.column_name));
  const out: Record<string, string> = {};
  for (const [table, cols] of byTable) {
    if (table.startsWith('__')) continue;
    const conditions: SQL[] = [];
    for (const [column, ids] of Object.entries(owned)) {
      if (!cols.has(column) || !ids?.length) continue;
      conditions.push(sql`${sql.identifier(column)}::text in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    }
    if (conditions.length === 0) continue;
    const [row] = await queryRows<{ h: string | null; n: string | number }>(
      db,
      sql`select md5(string_agg(t::text, '|' order by t::text)) as h, count(*) as n from ${sql.identifier(table)} t where ${sql.join(conditions, sql` or `)}`,
    );
    out[table] = `${row?.n}:${row?.h}`;
  }
  return out;
}
