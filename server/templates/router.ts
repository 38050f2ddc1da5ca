import { ConversationIdInput } from '@/server/conversations/schemas';
import { protectedProcedure, router } from '@/server/trpc';
import { templatesForConversation } from './service';

export const templatesRouter = router({
  forConversation: protectedProcedure
    .input(ConversationIdInput)
    .query(({ ctx, input }) => templatesForConversation(ctx.db, ctx.user, input.conversationId, ctx.clock.now())),
});
