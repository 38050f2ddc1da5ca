import { conversationProcedure, router } from '@/server/trpc';
import { sendStateOf } from './service';

export const windowsRouter = router({
  /** What may be sent now, and whether it would reach the contact at night; with the server's clock. */
  state: conversationProcedure.query(async ({ ctx }) => {
    const now = ctx.clock.now();
    return { ...(await sendStateOf(ctx.db, ctx.conversation.id, now)), serverNow: now.toISOString() };
  }),
});
