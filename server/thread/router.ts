import { conversationProcedure, router } from '@/server/trpc';
import { firstScreen } from './service';

export const threadRouter = router({
  /** The first screen of a conversation in one request: summary, newest messages, notes, deadlines, window, suggestions, contact. */
  open: conversationProcedure.query(({ ctx }) => firstScreen(ctx.db, ctx.user, ctx.conversation, ctx.clock.now())),
});
