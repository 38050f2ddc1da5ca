import { protectedProcedure, router } from '@/server/trpc';
import { AutoMessageInput, getProfile, setAutoMessage } from './profile';

export const profileRouter = router({
  get: protectedProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.user)),
  setAutoMessage: protectedProcedure.input(AutoMessageInput).mutation(({ ctx, input }) => setAutoMessage(ctx.db, ctx.user, input.autoMessage)),
});
