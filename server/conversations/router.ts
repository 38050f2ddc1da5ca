import { protectedProcedure, router } from '@/server/trpc';
import { ConversationIdInput, ListConversationsInput } from './schemas';
import { getConversation, listConversations, markRead } from './service';

export const conversationsRouter = router({
  list: protectedProcedure
    .input(ListConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.user, input, ctx.clock.now())),
  get: protectedProcedure
    .input(ConversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.db, ctx.user, input.conversationId)),
  markRead: protectedProcedure
    .input(ConversationIdInput)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.user, input.conversationId, ctx.clock.now())),
});
