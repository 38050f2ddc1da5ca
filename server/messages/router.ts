import { protectedProcedure, router } from '@/server/trpc';
import { SendFreeFormInput, ThreadInput } from './schemas';
import { listThread, sendFreeForm } from './service';

export const messagesRouter = router({
  thread: protectedProcedure.input(ThreadInput).query(({ ctx, input }) => listThread(ctx.db, ctx.user, input)),
  send: protectedProcedure
    .input(SendFreeFormInput)
    .mutation(({ ctx, input }) => sendFreeForm(ctx.db, ctx.user, input, ctx.clock)),
});
