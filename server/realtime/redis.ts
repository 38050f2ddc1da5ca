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
