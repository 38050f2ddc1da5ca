import { protectedProcedure, router } from '@/server/trpc';
import { AutoResponderInput, SmsRepliesInput } from './schemas';
import { saveAutoResponder, saveSmsReplies, smsSettings } from './settings';

/** Settings → SMS (managers and admins; the service checks). */
export const smsRouter = router({
  settings: protectedProcedure.query(({ ctx }) => smsSettings(ctx.db, ctx.user)),
  saveReplies: protectedProcedure.input(SmsRepliesInput).mutation(({ ctx, input }) => saveSmsReplies(ctx.db, ctx.user, input, ctx.clock.now())),
  saveAutoResponder: protectedProcedure.input(AutoResponderInput).mutation(({ ctx, input }) => saveAutoResponder(ctx.db, ctx.user, input, ctx.clock.now())),
});
