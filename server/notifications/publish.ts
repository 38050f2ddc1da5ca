import type { Db } from '@/db/client';
import { publish } from '@/server/realtime/publish';
import { rooms } from '@/server/realtime/rooms';
import { notificationViews, type StoredNotification } from './service';

/** After the transaction that stored them commits: each notification to its user's sockets. */
export async function publishNotifications(db: Db, stored: StoredNotification[]): Promise<void> {
  const views = new Map((await notificationViews(db, stored.map((n) => n.id))).map((v) => [v.id, v]));
  publish(
    stored.flatMap((n) => {
      const notification = views.get(n.id);
      return notification ? [{ rooms: [rooms.user(n.userId)], event: 'notification.created' as const, payload: { notification } }] : [];
    }),
  );
}
