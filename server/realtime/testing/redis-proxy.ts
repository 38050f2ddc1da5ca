/*
 * A TCP proxy in front of the test Redis, so a test can take Redis away from a process and
 * give it back (a network fault, faked as a real local server) or slow its answers down.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type RedisProxy = {
  /** The proxy's URL, with the target's path (its database number) kept. */
  url: string;
  /** Drops every connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  /** Holds every answer from Redis back this long (0: none). */
  delayAnswers(ms: number): void;
  close(): Promise<void>;
};

export async function startRedisProxy(target: string): Promise<RedisProxy> {
  const upstream = new URL(target);
  const pairs = new Set<Socket>();
  let up = true;
  let delay = 0;
  const server = createServer((client) => {
    if (!up) return void client.destroy();
    const redis = connect(Number(upstream.port || 6379), upstream.hostname);
    pairs.add(client).add(redis);
    const drop = () => {
      client.destroy();
      redis.destroy();
      pairs.delete(client);
      pairs.delete(redis);
    };
    client.on('error', drop).on('close', drop);
    // Redis closing (after QUIT) must not overtake the answers still held back.
    const later = () => (delay > 0 ? setTimeout(drop, delay) : drop());
    redis.on('error', later).on('close', later);
    client.on('data', (chunk) => redis.write(chunk));
    redis.on('data', (chunk) => (delay > 0 ? setTimeout(() => client.write(chunk), delay) : client.write(chunk)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      up = false;
      for (const s of pairs) s.destroy();
    },
    restore() {
      up = true;
    },
    delayAnswers(ms) {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of pairs) s.destroy();
        server.close(() => resolve());
      }),
  };
}
