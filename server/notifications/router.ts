import { protectedProcedure, router } from '@/server/trpc';
import { ListNotificationsInput, MarkReadInput } from './schemas';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from './service';

export const notificationsRouter = router({
  list: protectedProcedure.input(ListNotificationsInput).query(({ ctx, input }) => listNotifications(ctx.db, ctx.user, input)),
  unreadCount: protectedProcedure.query(({ ctx }) => unreadNotificationCount(ctx.db, ctx.user)),
  markRead: protectedProcedure
    .input(MarkReadInput)
    .mutation(async ({ ctx, input }) => ({ ids: await markNotificationsRead(ctx.db, ctx.user, input, ctx.clock.now(), ctx.fx) })),
});
