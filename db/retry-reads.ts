import type { Sql } from 'postgres';

/*
 * A pooled connection the server has dropped (a restart, a failover, pg_terminate_backend)
 * fails the next statement sent on it although the database is fine again. A read is retried
 * once on such an error: it changed nothing, and postgres.js opens a fresh connection for it.
 * Writes are not: a write whose connection died may have committed, and a retry would do it
 * twice. Statements inside a transaction run on its own connection and are never retried.
 */

/** The connection, not the statement, failed: admin or crash shutdown, or the socket is gone. */
const CONNECTION_LOST = new Set(['57P01', '57P02', 'CONNECTION_CLOSED', 'ECONNRESET', 'EPIPE']);

const connectionLost = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && CONNECTION_LOST.has(String((error as { code?: unknown }).code));

const RETRY_AFTER_MS = 100;

const isRead = (query: string) => /^\s*select\b/i.test(query);

async function once<T>(run: () => PromiseLike<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!connectionLost(error)) throw error;
    // The pool's other connections were usually dropped with this one: a moment lets it see
    // them close (their backends exit within milliseconds) before it picks one for the retry.
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    return run();
  }
}

/** `sql` whose top-level reads are retried once on a lost connection (drizzle calls `unsafe`, then awaits it or its `values()`). */
export function retryingReads(sql: Sql): Sql {
  const unsafe = (...args: Parameters<Sql['unsafe']>) => {
    if (!isRead(args[0])) return sql.unsafe(...args);
    // postgres.js runs a query when it is awaited, so each attempt builds a fresh one.
    const attempt = () => sql.unsafe(...args);
    const retried = {
      then: (...args: Parameters<Promise<unknown>['then']>) => once(attempt).then(...args),
      values: () => once(() => attempt().values()),
    };
    return retried as unknown as ReturnType<Sql['unsafe']>;
  };
  // The one generic signature of `unsafe` cannot be written for a wrapper; its arguments and result are the same.
  const typedUnsafe = unsafe as Sql['unsafe'];
  return new Proxy(sql, { get: (target, key, receiver) => (key === 'unsafe' ? typedUnsafe : Reflect.get(target, key, receiver)) });
}
