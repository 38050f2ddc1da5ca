import type { Server as HttpServer } from 'node:http';
import { decode } from 'next-auth/jwt';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Db } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import { sessionUser } from '@/server/auth/sessions';
import { mayReadConversation, readableIds, teamRoomsOf } from '@/server/access/conversations';
import { systemClock } from '@/server/clock';
import { conversationForBroadcast } from '@/server/conversations/service';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import { presenceSnapshot, socketCount, viewersOf } from './presence';
import { setRealtimeHealth } from './health';
import type { RealtimeServer } from './publish';
import { mayRecover } from './recovery';
import { forAdapter, type RedisClient } from './redis';
import { audienceRooms, conversationsIn, roomChanges, rooms, roomsForUser } from './rooms';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The session of a socket, from the same signed session cookie the pages use, checked against
 * its server-side row like every page and tRPC call: a signed-out cookie opens no socket.
 */
export async function sessionFromCookie(db: Db, cookieHeader: string | undefined, secret: string): Promise<{ user: SessionUser; sessionId: string } | null> {
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (!token) continue;
    const jwt = await decode({ token, secret }).catch(() => null);
    const user = jwt?.sessionId ? await sessionUser(db, jwt.sessionId, systemClock.now()) : null;
    if (user) return { user, sessionId: jwt!.sessionId! };
  }
  return null;
}

/**
 * Per socket: its user (as of its last request) and session, the rooms it belongs in, and the
 * audience rooms of each conversation it has open (for presence).
 */
type SocketData = { user: SessionUser; sessionId: string; rooms: string[]; audiences: Record<string, string[]> };
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const TypingPayload = z.object({ conversationId: z.uuid(), mode: z.enum(['reply', 'note']), typing: z.boolean() });

/** `Origin: null` or garbage is a foreign origin, not an exception. */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function useRedis(io: RealtimeServer, client: RedisClient): Promise<void> {
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  // Streams, not pub/sub: a process that loses Redis for a moment resumes where it was, and
  // connection-state recovery works across processes (sessions are kept in Redis).
  io.adapter(createAdapter(forAdapter(client)));
}

export async function attachRealtime(
  httpServer: HttpServer,
  opts: { db: Db; secret: string; redis?: RedisClient },
): Promise<{ io: RealtimeServer; close(): Promise<void> }> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    // A brief disconnect loses nothing: missed packets are replayed on reconnect.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
    // Foreign origins are refused: a page elsewhere must not ride a user's session cookie.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || sameHost(origin, req.headers.host));
    },
  });
  const { redis } = opts;
  if (redis) await useRedis(io, redis);
  // A socket that lost access to one of its rooms while it was away (reassigned, taken out of a
  // team, signed out) must not be replayed what those rooms heard meanwhile.
  const adapter = io.of('/').adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session || (await mayRecover(opts.db, { rooms: [...session.rooms], data: session.data }, systemClock.now()).catch(() => false))) return session;
    // socket.io treats a refused restore as no session: the socket connects anew.
    throw new Error('access changed while the socket was away: not recovered');
  };
  setRealtimeHealth(() => (!redis ? 'memory' : redis.isReady ? 'redis' : 'redis-down'));

  // Presence lookups ask every process through Redis; shutdown waits for those in flight and
  // starts no new ones, so none reaches a Redis client that is already closed.
  let closing = false;
  const inFlight = new Set<Promise<unknown>>();
  const tracked = (work: () => Promise<unknown>) => {
    if (closing) return;
    const running = work().finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  const drain = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  // Everything asynchronous happens here, before `connection`: its handlers must be attached at
  // once, or the events a client sends right after connecting would be lost.
  // The conversations a recovered socket may keep: it comes back in the rooms it had, and what
  // its user may read can have changed while it was away.
  const stillReadable = new WeakMap<AppSocket, Set<string>>();
  io.use((socket, next) => {
    if (closing) return next(new Error('shutting down'));
    sessionFromCookie(opts.db, socket.request.headers.cookie, opts.secret)
      .then(async (session) => {
        if (!session) return next(new Error('unauthorized'));
        const { user, sessionId } = session;
        socket.data.user = user;
        socket.data.sessionId = sessionId;
        socket.data.rooms = [...roomsForUser(user, await teamRoomsOf(opts.db, user)), rooms.session(sessionId)];
        socket.data.audiences ??= {};
        stillReadable.set(socket, socket.recovered ? await readableIds(opts.db, user, conversationsIn(socket.rooms)) : new Set());
        next();
      })
      .catch(() => next(new Error('unauthorized')));
  });

  /** The socket's user as their session now says (role, teams), or null, and the socket closed, when it has ended. */
  const currentUserOf = async (socket: AppSocket): Promise<SessionUser | null> => {
    const user = await sessionUser(opts.db, socket.data.sessionId, systemClock.now());
    if (!user) socket.disconnect(true);
    else socket.data.user = user;
    return user;
  };

  // Presence is best effort: a process that does not answer in time must not crash this one.
  // Only a user's first socket and their last tell the workspace (a tab more changes nothing):
  // announcing every socket would cost N² packets as N browsers connect.
  const announceOnline = (user: SessionUser, change: 'connected' | 'disconnected') =>
    tracked(() => socketCount(io, user.id).then(
      (count) => {
        if (change === 'connected' ? count === 1 : count === 0) {
          io.to(rooms.workspace(user.workspaceId)).emit('presence.online', { userId: user.id, online: count > 0 });
        }
      },
      (error: unknown) => console.warn('presence: could not tell who is online', error),
    ));
  const announceViewers = (conversationId: string, audience: string[]) =>
    tracked(() =>
      viewersOf(io, conversationId).then(
        (viewers) => io.to(audience).emit('presence.viewers', { conversationId, viewers }),
        (error: unknown) => console.warn('presence: could not tell who views a conversation', error),
      ),
    );

  io.on('connection', (socket: AppSocket) => {
    const { user } = socket.data;
    const { join, leave } = roomChanges(socket.rooms, socket.data.rooms, stillReadable.get(socket) ?? new Set());
    for (const room of leave) void socket.leave(room);
    void socket.join(join);
    announceOnline(user, 'connected');

    socket.on('conversation.join', async (conversationId, ack) => {
      // Authorised exactly like reading the conversation over tRPC, as the user is now (a
      // malformed id is not readable).
      const reader = await currentUserOf(socket).catch(() => null);
      const allowed = reader ? await mayReadConversation(opts.db, reader, conversationId).catch(() => false) : false;
      if (allowed) {
        await socket.join(rooms.conversation(conversationId));
        const { audience } = await conversationForBroadcast(opts.db, conversationId);
        socket.data.audiences[conversationId] = audienceRooms(audience);
        announceViewers(conversationId, socket.data.audiences[conversationId]);
      }
      if (typeof ack === 'function') ack(allowed);
    });
    socket.on('conversation.leave', async (conversationId) => {
      await socket.leave(rooms.conversation(conversationId));
      const audience = socket.data.audiences[conversationId];
      delete socket.data.audiences[conversationId];
      if (audience) announceViewers(conversationId, audience);
    });
    socket.on('presence.snapshot', (ack) => {
      if (typeof ack !== 'function') return;
      tracked(() =>
        currentUserOf(socket)
          .then((reader) => (reader ? presenceSnapshot(io, opts.db, reader) : { online: [], viewing: {} }))
          .then(ack, () => ack({ online: [], viewing: {} })),
      );
    });
    socket.on('typing', (payload) => {
      const parsed = TypingPayload.safeParse(payload);
      // Only into a conversation this socket was allowed to join.
      if (!parsed.success || !socket.rooms.has(rooms.conversation(parsed.data.conversationId))) return;
      socket.to(rooms.conversation(parsed.data.conversationId)).emit('typing', { ...parsed.data, user: { id: user.id, name: user.name } });
    });
    socket.on('disconnecting', () => {
      const open = conversationsIn(socket.rooms);
      socket.once('disconnect', () => {
        announceOnline(user, 'disconnected');
        for (const id of open) {
          const audience = socket.data.audiences[id];
          if (audience) announceViewers(id, audience);
        }
      });
    });
  });

  return {
    io,
    close: async () => {
      // In order: refuse new sockets and presence work, let what is in flight finish, close the
      // sockets (their sessions are kept in Redis for recovery) and the adapter, then Redis.
      closing = true;
      await drain();
      await io.close();
      await drain();
      setRealtimeHealth(undefined);
      if (redis) await redis.quit().catch(() => {});
    },
  };
}
