import type { Query, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client';

/*
 * Statements built once per database handle and sent as prepared statements. For a lookup by
 * key (a conversation by id, a channel by its public id) PostgreSQL's generic plan fits every
 * value, so after its fifth run the statement is no longer planned, and its SQL is no longer
 * built by drizzle: about 2 ms of a webhook's path to the screens (bench:realtime). Only for
 * statements whose best plan does not depend on their values: a list page with a label or a
 * search keeps being planned for what it is asked (bench/README.md, "Prepared statements").
 */
const built = new WeakMap<Db, Map<string, unknown>>();

export function preparedFor<T>(db: Db, name: string, build: (db: Db) => T): T {
  let statements = built.get(db);
  if (!statements) built.set(db, (statements = new Map()));
  if (!statements.has(name)) statements.set(name, build(db));
  return statements.get(name) as T;
}

const dialect = new PgDialect();
const rendered = new Map<string, Query>();

/**
 * A statement rendered to its text once per process, with placeholders for its values, and run as
 * a prepared statement in whatever session `db` is: a transaction's too, which a statement
 * prepared by `preparedFor` on the pool cannot join. For a hot read built of many parts, whose
 * building in drizzle cost more than PostgreSQL took to run it (bench:ingest). `name` is the
 * statement's, one per shape of its text; rows come back as objects of the columns' names.
 */
export async function runRendered<T>(db: Db, name: string, build: () => SQL, values: Record<string, unknown>): Promise<T[]> {
  let query = rendered.get(name);
  if (!query) rendered.set(name, (query = dialect.sqlToQuery(build())));
  return rowsOf<T>(await db._.session.prepareQuery(query, undefined, name, false).execute(values));
}

/**
 * `query` sent as a prepared statement in `db`'s session, for one whose text has few shapes
 * (its values are parameters): PostgreSQL parses and plans each shape once per connection
 * instead of on every run, and the driver skips asking for the parameters' types.
 */
export async function runPrepared<T>(db: Db, name: string, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute());
}

// PGlite answers `{ rows }`, postgres.js an array of rows.
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
