import type { Db } from '@/db/client';
import { readableIds, teamRoomsOf } from '@/server/access/conversations';
import { sessionUser } from '@/server/auth/sessions';
import { conversationsIn, roomChanges, rooms, roomsForUser } from './rooms';

/** What connection-state recovery kept of a socket that went away (socket.io's session). */
type KeptSession = { rooms: string[]; data: unknown };

/**
 * Whether a socket coming back may be handed the packets it missed: socket.io replays what its
 * old rooms heard while it was away, so only when its session still stands and it would still be
 * in every one of those rooms. Otherwise it comes back as a new connection, and its browser
 * reloads what it shows (as after any reconnect that is not recovered).
 */
export async function mayRecover(db: Db, session: KeptSession, now: Date): Promise<boolean> {
  const sessionId = (session.data as { sessionId?: unknown } | null)?.sessionId;
  if (typeof sessionId !== 'string') return false;
  const user = await sessionUser(db, sessionId, now);
  if (!user) return false;
  const wanted = [...roomsForUser(user, await teamRoomsOf(db, user)), rooms.session(sessionId)];
  const readable = await readableIds(db, user, conversationsIn(session.rooms));
  return roomChanges(session.rooms, wanted, readable).leave.length === 0;
}
