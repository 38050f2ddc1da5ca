import { getConversation } from '@/server/conversations/service';
import { ConversationIdInput } from '@/server/conversations/schemas';
import { protectedProcedure, router } from '@/server/trpc';
import { sendStateOf } from './service';

export const windowsRouter = router({
  /** What may be sent now, and whether it would reach the contact at night; with the server's clock. */
  state: protectedProcedure.input(ConversationIdInput).query(async ({ ctx, input }) => {
    await getConversation(ctx.db, ctx.user, input.conversationId);
    const now = ctx.clock.now();
    return { ...(await sendStateOf(ctx.db, input.conversationId, now)), serverNow: now.toISOString() };
  }),
});
