import type { Db } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import { readableIds } from '@/server/access/conversations';
import type { Person } from '@/server/users/view';
import type { PresenceSnapshot } from './events';
import { getRealtimeServer, type RealtimeServer } from './publish';
import { conversationOfRoom, rooms } from './rooms';

/*
 * Presence is read from the sockets themselves (fetchSockets asks every process when the Redis
 * adapter is on), never stored: a process that dies takes its users' presence with it.
 */

/** Who has at least one socket open now. */
export async function onlineUserIds(userIds: string[]): Promise<Set<string>> {
  const io = getRealtimeServer();
  const online = new Set<string>();
  if (!io) return online;
  await Promise.all(
    userIds.map(async (id) => {
      if ((await io.in(rooms.user(id)).fetchSockets()).length > 0) online.add(id);
    }),
  );
  return online;
}

type WithUser = { data: { user?: SessionUser } };

function people(sockets: WithUser[]): Person[] {
  const byId = new Map<string, Person>();
  for (const s of sockets) if (s.data.user) byId.set(s.data.user.id, { id: s.data.user.id, name: s.data.user.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** How many sockets a user has open, on every process. */
export async function socketCount(io: RealtimeServer, userId: string): Promise<number> {
  return (await io.in(rooms.user(userId)).fetchSockets()).length;
}

export async function viewersOf(io: RealtimeServer, conversationId: string): Promise<Person[]> {
  return people(await io.in(rooms.conversation(conversationId)).fetchSockets());
}

/** Who is online in the user's workspace, and who views the conversations this user may read. */
export async function presenceSnapshot(io: RealtimeServer, db: Db, user: SessionUser): Promise<PresenceSnapshot> {
  const sockets = await io.in(rooms.workspace(user.workspaceId)).fetchSockets();
  const viewing = new Map<string, WithUser[]>();
  for (const s of sockets) {
    for (const room of s.rooms) {
      const id = conversationOfRoom(room);
      if (id) viewing.set(id, [...(viewing.get(id) ?? []), s]);
    }
  }
  const readable = await readableIds(db, user, [...viewing.keys()]);
  return {
    online: people(sockets).map((p) => p.id),
    viewing: Object.fromEntries([...viewing].filter(([id]) => readable.has(id)).map(([id, s]) => [id, people(s)])),
  };
}
