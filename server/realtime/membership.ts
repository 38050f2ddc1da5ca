import { and, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { readableIds, teamRoomsOf } from '@/server/access/conversations';
import { toSessionUser } from '@/server/auth/session';
import { conversationForBroadcast } from '@/server/conversations/service';
import { viewersOf } from './presence';
import { getRealtimeServer } from './publish';
import { audienceRooms, conversationsIn, roomChanges, rooms, roomsForUser } from './rooms';

/*
 * A socket's rooms are decided when it connects; these keep them true afterwards, when what its
 * user may read changes. fetchSockets, join and leave go through the adapter, so with Redis they
 * reach the user's sockets on every process.
 */

/**
 * Re-evaluates the rooms of every open socket of these users (an assignment, a team membership
 * or a role changed): they leave the team and role rooms they no longer belong to and the
 * conversations they may no longer read, and join the ones they now belong to. A user who no
 * longer exists, or was deactivated, is disconnected.
 */
export async function refreshRoomsOf(db: Db, userIds: string[]): Promise<void> {
  const io = getRealtimeServer();
  const ids = [...new Set(userIds)];
  if (!io || ids.length === 0) return;
  const rows = new Map((await db.select().from(users).where(and(inArray(users.id, ids), isNull(users.deactivatedAt)))).map((u) => [u.id, toSessionUser(u)]));
  const left = new Set<string>();
  for (const id of ids) {
    const sockets = await io.in(rooms.user(id)).fetchSockets();
    if (sockets.length === 0) continue;
    const user = rows.get(id);
    if (!user) {
      io.in(rooms.user(id)).disconnectSockets(true);
      continue;
    }
    const wanted = roomsForUser(user, await teamRoomsOf(db, user));
    const readable = await readableIds(db, user, [...new Set(sockets.flatMap((s) => conversationsIn(s.rooms)))]);
    for (const socket of sockets) {
      const { join, leave } = roomChanges(socket.rooms, wanted, readable);
      for (const room of leave) socket.leave(room);
      if (join.length > 0) socket.join(join);
      for (const conversationId of conversationsIn(leave)) left.add(conversationId);
    }
  }
  // Whoever still views a conversation someone had to leave sees them go.
  for (const conversationId of left) {
    const [{ audience }, viewers] = await Promise.all([conversationForBroadcast(db, conversationId), viewersOf(io, conversationId)]);
    io.to(audienceRooms(audience)).emit('presence.viewers', { conversationId, viewers });
  }
}

/** Closes the open sockets of sessions that were signed out, on every process. */
export function endSessions(sessionIds: string[]): void {
  const io = getRealtimeServer();
  if (!io || sessionIds.length === 0) return;
  io.in(sessionIds.map(rooms.session)).disconnectSockets(true);
}
