import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from './client';
import { runPrepared } from './prepared';

/**
 * Several writes sent as one statement, each a data-modifying CTE, then `final` (a select over
 * them). On a hot path every statement is a round trip and, on PGlite, a turn of its one
 * connection: a new contact's rows cost one instead of eight. The writes see one snapshot and
 * not each other's rows, so a write that needs another's row first names it by a subquery on
 * that CTE (which runs it first); foreign keys are checked at the end of the statement. Sent
 * prepared: its text has a shape per set of writes, each planned once per connection.
 */
export async function inOneStatement<T>(db: Db, writes: [name: string, write: SQLWrapper][], final: SQL): Promise<T[]> {
  if (writes.length === 0) return queryRows<T>(db, final);
  const ctes = sql.join(
    writes.map(([name, write]) => sql`${sql.identifier(name)} as (${write.getSQL()})`),
    sql`, `,
  );
  return runPrepared<T>(db, 'one_statement', sql`with ${ctes} ${final}`);
}
