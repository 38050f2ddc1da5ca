import { rooms } from './rooms';
import { getRealtimeServer } from './publish';

/** Who has at least one socket open now (across processes when the Redis adapter is on). */
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
