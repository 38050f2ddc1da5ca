import { protectedProcedure, router } from '@/server/trpc';
import { ConversationIdInput, ListConversationsInput } from './schemas';
import { getConversation, listConversations, markRead } from './service';

export const conversationsRouter = router({
  list: protectedProcedure
    .input(ListConversationsInput)
    .query(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      // The server's clock travels with the list, so every countdown in the browser is corrected by it.
      return { ...(await listConversations(ctx.db, ctx.user, input, now)), serverNow: now.toISOString() };
    }),
  get: protectedProcedure
    .input(ConversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.db, ctx.user, input.conversationId)),
  markRead: protectedProcedure
    .input(ConversationIdInput)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.user, input.conversationId, ctx.clock.now())),
});
