import { createClient } from 'redis';
type ReconnectStrategy = (retries: number, cause: Error) => number | Error;

const newClient = (url: string, reconnectStrategy: ReconnectStrategy) => createClient({ url, socket: { reconnectStrategy } });

export type RedisClient = ReturnType<typeof newClient>;

/** Refused at start-up: a cluster member that silently ran alone would split the realtime world. */
export class RedisUnreachableError extends Error {}

/** The URL without its password, for messages. */
function shown(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Connects to Redis for the socket.io adapter. At start-up it gives up after `startTimeoutMs`
 * (the caller exits); once connected it retries forever, logging only when Redis goes and comes
 * back, and what is published meanwhile waits in the client's queue rather than being dropped.
 */
export async function connectRedis(url: string, opts: { startTimeoutMs?: number } = {}): Promise<RedisClient> {
  const deadline = Date.now() + (opts.startTimeoutMs ?? 5000);
  let connected = false;
  let down = false;
  const client = newClient(url, (retries, cause) =>
    !connected && Date.now() >= deadline
      ? new RedisUnreachableError(`REDIS_URL ${shown(url)} is unreachable (${cause.message}); not starting without the realtime bus`)
      : Math.min(100 * 2 ** retries, 2000),
  );
  client.on('error', (error: Error) => {
    if (connected && !down) console.error(`redis: lost ${shown(url)} (${error.message}); realtime events wait for it, /api/health reports redis-down`);
    if (connected) down = true;
  });
  client.on('ready', () => {
    if (down) console.log(`redis: ${shown(url)} is back`);
    down = false;
  });
  try {
    await client.connect();
  } catch (error) {
    // Giving up in reconnectStrategy rejects with our own message; anything else (a refused password) is wrapped.
    const message = error instanceof Error ? error.message : String(error);
    throw new RedisUnreachableError(message.startsWith('REDIS_URL') ? message : `REDIS_URL ${shown(url)} refused the connection (${message}); not starting without the realtime bus`);
  }
  connected = true;
  return client;
}

// The streams adapter sends these without waiting for their answer (ephemeral PUBLISH, the
// recovery session's SET): nobody would hear them fail.
const FIRE_AND_FORGET = new Set<PropertyKey>(['publish', 'sPublish', 'set']);

/**
 * The client as the socket.io adapter sees it. A connection that drops at the instant the
 * adapter fires a PUBLISH or SET rejects a promise nobody awaits, and Node ends the process on an
 * unhandled rejection; here such a failure is logged and the command given up (a lost ephemeral
 * message or recovery session, never a lost event: events go through the stream, which retries).
 */
export function forAdapter(client: RedisClient): RedisClient {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // node-redis keeps its state in private fields: methods must run with the client itself as `this`.
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (!FIRE_AND_FORGET.has(prop)) return bound;
      return (...args: unknown[]) =>
        Promise.resolve(bound(...args)).catch((error: unknown) => {
          console.error(`redis: ${String(prop).toUpperCase()} for the realtime adapter failed (${error instanceof Error ? error.message : String(error)}); given up`);
          return null;
        });
    },
  });
}
