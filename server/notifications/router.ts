import { protectedProcedure, router } from '@/server/trpc';
import { publish } from '@/server/realtime/publish';
import { rooms } from '@/server/realtime/rooms';
import { ListNotificationsInput, MarkReadInput } from './schemas';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from './service';

export const notificationsRouter = router({
  list: protectedProcedure.input(ListNotificationsInput).query(({ ctx, input }) => listNotifications(ctx.db, ctx.user, input)),
  unreadCount: protectedProcedure.query(({ ctx }) => unreadNotificationCount(ctx.db, ctx.user)),
  markRead: protectedProcedure.input(MarkReadInput).mutation(async ({ ctx, input }) => {
    const ids = await markNotificationsRead(ctx.db, ctx.user, input, ctx.clock.now());
    // The user's other tabs clear the same rows.
    publish([{ rooms: [rooms.user(ctx.user.id)], event: 'notifications.read', payload: { ids } }]);
    return { ids };
  }),
});
