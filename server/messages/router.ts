import { conversationProcedure, protectedProcedure, router } from '@/server/trpc';
import { MessageIdInput, SendMessageInput, ThreadInput } from './schemas';
import { retryMessage } from './retry';
import { cancelScheduled, sendMessage } from './send';
import { listThread } from './service';

export const messagesRouter = router({
  thread: conversationProcedure.input(ThreadInput).query(({ ctx, input }) => listThread(ctx.db, ctx.user, input)),
  send: conversationProcedure
    .input(SendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx.db, ctx.user, input, ctx.clock, ctx.fx)),
  retry: conversationProcedure
    .input(MessageIdInput)
    .mutation(({ ctx, input }) => retryMessage(ctx.db, ctx.user, input, ctx.clock, ctx.fx)),
  cancelScheduled: protectedProcedure
    .input(MessageIdInput)
    .mutation(({ ctx, input }) => cancelScheduled(ctx.db, ctx.user, input.messageId, ctx.fx)),
});
