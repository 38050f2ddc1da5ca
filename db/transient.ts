/*
 * Whether a failed query may succeed if tried again: the database was away, busy or shutting
 * down, or the transaction lost a race. Anything else (a value PostgreSQL refuses, a limit
 * exceeded, a bug of ours) fails the same way every time.
 */

// SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources, 57P0x operator
// intervention (shutdown, crash, not yet accepting), 40001 serialization failure, 40P01 deadlock,
// 55P03 lock not available, 57014 statement cancelled (a timeout).
const transientClasses = ['08', '53'];
const transientCodes = new Set(['57P01', '57P02', '57P03', '40001', '40P01', '55P03', '57014']);
// postgres.js's own connection failures and Node's socket errors.
const connectionCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The error and its causes (drizzle wraps the driver's error in its own). */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

export function isTransientDatabaseError(error: unknown): boolean {
  return errorChain(error).some((e) => {
    if (!(e instanceof Error)) return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionCodes.has(code) || transientCodes.has(code) || (code.length === 5 && transientClasses.includes(code.slice(0, 2))))) return true;
    // The embedded database, closed under a running request.
    return e.message === 'PGlite is closed';
  });
}

/** What went wrong, as the database said it: its SQLSTATE and message, not drizzle's dump of the query and its parameters. */
export function databaseReason(error: unknown): string {
  const chain = errorChain(error).filter((e): e is Error => e instanceof Error);
  const deepest = chain.at(-1);
  if (!deepest) return String(error);
  const code = (deepest as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${deepest.message}` : deepest.message;
}
