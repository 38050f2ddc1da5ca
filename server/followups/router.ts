import { conversationProcedure, protectedProcedure, router } from '@/server/trpc';
import { CreateFollowupBody, FollowupIdInput, ListFollowupsQuery, SetFollowupActiveInput, UpdateFollowupInput } from './schemas';
import { conversationFollowups, createFollowup, deleteFollowup, followupLog, getFollowup, listFollowups, updateFollowup } from './service';

/** Follow-ups (SPEC §7): managed by managers and admins (the service checks), read on every conversation. */
export const followupsRouter = router({
  list: protectedProcedure.input(ListFollowupsQuery).query(({ ctx, input }) => listFollowups(ctx.db, ctx.user, input)),
  get: protectedProcedure.input(FollowupIdInput).query(({ ctx, input }) => getFollowup(ctx.db, ctx.user, input.followupId)),
  log: protectedProcedure.input(FollowupIdInput).query(({ ctx, input }) => followupLog(ctx.db, ctx.user, input.followupId)),
  create: protectedProcedure.input(CreateFollowupBody).mutation(({ ctx, input }) => createFollowup(ctx.db, ctx.user, input, ctx.clock.now(), ctx.fx)),
  update: protectedProcedure.input(UpdateFollowupInput).mutation(({ ctx, input: { followupId, ...patch } }) => updateFollowup(ctx.db, ctx.user, followupId, patch, ctx.clock.now(), ctx.fx)),
  setActive: protectedProcedure
    .input(SetFollowupActiveInput)
    .mutation(({ ctx, input }) => updateFollowup(ctx.db, ctx.user, input.followupId, { active: input.active }, ctx.clock.now(), ctx.fx)),
  delete: protectedProcedure.input(FollowupIdInput).mutation(({ ctx, input }) => deleteFollowup(ctx.db, ctx.user, input.followupId, ctx.clock.now(), ctx.fx)),
  timeline: conversationProcedure.query(({ ctx }) => conversationFollowups(ctx.db, ctx.user, ctx.conversation.id)),
});
