import { sql, type Column, type SQL } from 'drizzle-orm';

type Columns = Record<string, Column>;

/** The row's value of each column, as drizzle would map it from the driver. */
export type RowOf<C extends Columns> = { [K in keyof C]: C[K]['_']['notNull'] extends true ? C[K]['_']['data'] : C[K]['_']['data'] | null };

/**
 * Chosen columns of the row `alias` names, as one JSON object keyed by their names in the
 * schema; null when `alias` matched no row. A statement can then answer several rows of
 * several tables in one column, read back by `fromJson` (the keys are ours, never input).
 */
export function jsonOf(alias: string, columns: Columns): SQL {
  const pairs = Object.entries(columns).map(([key, column]) => sql.raw(`'${key}', ${alias}.${JSON.stringify(column.name)}`));
  return sql`case when ${sql.raw(alias)} is null then null else json_build_object(${sql.join(pairs, sql`, `)}) end`;
}

/** The object `jsonOf` built, each value mapped as its column maps what the driver reads (times from their ISO text). */
export function fromJson<C extends Columns>(columns: C, json: Record<string, unknown> | null): RowOf<C> | null {
  if (!json) return null;
  const entries = Object.entries(columns).map(([key, column]) => [key, json[key] == null ? null : column.mapFromDriverValue(json[key])]);
  return Object.fromEntries(entries) as RowOf<C>;
}
