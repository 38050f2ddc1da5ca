/*
 * A real socket.io server on a free port, for integration tests: the app's own realtime server
 * (auth from the session cookie, rooms), registered as the one `publish()` talks to, and
 * clients signed in as test users.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import type { Db } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import { startSession } from '@/server/auth/sessions';
import type { ClientToServerEvents, ServerToClientEvents } from '../events';
import { setRealtimeServer } from '../publish';
import type { RedisClient } from '../redis';
import { rooms } from '../rooms';
import { attachRealtime } from '../server';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export const testSecret = 'test-secret-test-secret-test-secret';

/** The cookie a browser holds once the user has signed in: a signed JWT naming a new server-side session. */
export async function sessionCookie(db: Db, user: SessionUser, secret = testSecret): Promise<string> {
  const sessionId = await startSession(db, user.id, new Date());
  return `next-auth.session-token=${await encode({ token: { user, sessionId }, secret })}`;
}

export async function startRealtime(db: Db, redis?: RedisClient) {
  const http = createServer();
  const realtime = await attachRealtime(http, { db, secret: testSecret, redis });
  setRealtimeServer(realtime.io);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  return {
    url,
    /** How many sockets the server holds in a conversation's room now (a closed one counts until the server notices). */
    socketsIn: async (conversationId: string) => (await realtime.io.in(rooms.conversation(conversationId)).fetchSockets()).length,
    /** A socket carrying the user's session cookie (none for null). */
    async client(user: SessionUser | null, headers: Record<string, string> = {}): Promise<Client> {
      const cookie = user ? await sessionCookie(db, user) : '';
      const socket: Client = connect(url, { transports: ['websocket'], extraHeaders: { cookie, ...headers }, reconnection: false });
      clients.push(socket);
      return socket;
    },
    /** Keeps a socket made by hand so `close` disconnects it too. */
    track(socket: Client): Client {
      clients.push(socket);
      return socket;
    },
    async close() {
      for (const c of clients) c.disconnect();
      setRealtimeServer(undefined);
      await realtime.close();
    },
  };
}

// A socket may finish connecting while other clients are still being made: then it has already
// said 'connect', and waiting for that event would wait forever.
export const connected = (s: Client) =>
  new Promise<void>((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
