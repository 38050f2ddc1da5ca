import type { Server as HttpServer } from 'node:http';
import { decode } from 'next-auth/jwt';
import { Server } from 'socket.io';
import type { Db } from '@/db/client';
import { SessionUserSchema, type SessionUser } from '@/server/auth/session';
import { getConversation } from '@/server/conversations/service';
import { sharedTeamIds } from '@/server/conversations/visibility';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import type { RealtimeServer } from './publish';
import { rooms, roomsForUser } from './rooms';

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

/** The user of a socket, from the same signed session cookie the pages use. */
export async function userFromCookie(cookieHeader: string | undefined, secret: string): Promise<SessionUser | null> {
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (!token) continue;
    const jwt = await decode({ token, secret }).catch(() => null);
    const user = SessionUserSchema.safeParse(jwt?.user);
    if (user.success) return user.data;
  }
  return null;
}

type SocketData = { user: SessionUser };

/** `Origin: null` or garbage is a foreign origin, not an exception. */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function attachRealtime(
  httpServer: HttpServer,
  opts: { db: Db; secret: string; redisUrl?: string },
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

  let closeRedis = async () => {};
  if (opts.redisUrl) {
    const { createClient } = await import('redis');
    const { createAdapter } = await import('@socket.io/redis-adapter');
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    closeRedis = async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
  }

  io.use((socket, next) => {
    userFromCookie(socket.request.headers.cookie, opts.secret).then(
      (user) => {
        if (!user) return next(new Error('unauthorized'));
        socket.data.user = user;
        next();
      },
      () => next(new Error('unauthorized')),
    );
  });

  io.on('connection', async (socket) => {
    const { user } = socket.data;
    if (!socket.recovered) await socket.join(roomsForUser(user, await sharedTeamIds(opts.db, user.id)));
    socket.on('conversation.join', async (conversationId, ack) => {
      // Authorised exactly like reading the conversation over tRPC.
      const allowed = await getConversation(opts.db, user, conversationId).then(
        () => true,
        () => false,
      );
      if (allowed) await socket.join(rooms.conversation(conversationId));
      if (typeof ack === 'function') ack(allowed);
    });
    socket.on('conversation.leave', (conversationId) => {
      void socket.leave(rooms.conversation(conversationId));
    });
  });

  return {
    io,
    close: async () => {
      await io.close();
      await closeRedis();
    },
  };
}
