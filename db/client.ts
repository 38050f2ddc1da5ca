import path from 'node:path';
import type { Logger, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { retryingReads } from './retry-reads';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  kind: DatabaseKind;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/**
 * PostgreSQL through postgres.js when `url` is given, otherwise the embedded PGlite:
 * stored under `dataDir`, or in memory when that is `null` (tests). `logger` sees every
 * statement drizzle sends (a bench or test counts them per message; transaction control
 * statements are not among them).
 */
export async function openDatabase(opts: { url?: string; dataDir: string | null; logger?: Logger }): Promise<Database> {
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    // No JIT compilation: PostgreSQL starts it on plans whose estimate is large (a search's
    // probe, a sort of a big workspace), and compiling costs tens of milliseconds more than the
    // short queries of an inbox ever run for.
    const client = retryingReads(postgres(opts.url, { max: 10, onnotice: () => {}, connection: { jit: 'off' } }));
    const db = drizzle({ client, schema, logger: opts.logger });
    return {
      db,
      kind: 'postgres',
      migrate: () => migrate(db, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = opts.dataDir === null ? new PGlite() : new PGlite(opts.dataDir);
  await client.waitReady;
  startEachStatementOnANewTurn(client);
  const db = drizzle({ client, schema, logger: opts.logger });
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

/*
 * PGlite runs a statement synchronously on this thread and resolves its promise as a microtask,
 * so a chain of statements (a transaction, then the next request's, handed on by promises)
 * never let the event loop turn. Under a burst of webhooks the loop turned every 150-300 ms and
 * accepted one connection per turn, and a screen's request sat for seconds in the kernel's
 * backlog (bench:ingest's burst: /api/health 13 s p99 while PGlite was never held over 200 ms).
 * Each statement now starts on a fresh turn, after the sockets waiting to be read.
 */
function startEachStatementOnANewTurn(client: import('@electric-sql/pglite').PGlite): void {
  const exec = client.execProtocolStream.bind(client);
  client.execProtocolStream = async (...args) => {
    await new Promise((resolve) => setImmediate(resolve));
    return exec(...args);
  };
}

/*
 * The custom server and the Next.js bundle load this module twice (two module graphs, one
 * process), and PGlite must have exactly one owner of its data directory: the opened database
 * is kept on globalThis so both graphs share it.
 */
const holder = globalThis as typeof globalThis & { __cadenceDatabase?: Database };

export function setDatabase(database: Database | undefined): void {
  holder.__cadenceDatabase = database;
}

export function getDatabase(): Database {
  const database = holder.__cadenceDatabase;
  if (!database) throw new Error('The database is not open: start the app with `npm start`.');
  return database;
}

export const getDb = (): Db => getDatabase().db;

/** Rows of a raw SQL query: PGlite answers `{ rows }`, postgres.js an array of rows. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}
