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
