import { z } from 'zod';
import { conversationProcedure, protectedProcedure, router } from '@/server/trpc';
import { directory } from '@/server/users/directory';
import { assign, createLabel, LabelInput, listCampaigns, listLabels, markUnread, setLabel, setStatus, snoozePresetUntil } from './actions';
import { bulkProcedures } from './bulk-router';
import { ListConversationsInput, SnoozeInput, StatusChange } from './schemas';
import { getConversation, listConversations, markRead, unreadCount } from './service';

export const conversationsRouter = router({
  list: protectedProcedure
    .input(ListConversationsInput)
    .query(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      // The server's clock travels with the list, so every countdown in the browser is corrected by it.
      return { ...(await listConversations(ctx.db, ctx.user, input, now)), serverNow: now.toISOString() };
    }),
  get: conversationProcedure.query(({ ctx }) => getConversation(ctx.db, ctx.user, ctx.conversation.id)),
  setStatus: conversationProcedure
    .input(z.object({ change: StatusChange }))
    .mutation(({ ctx, input }) => setStatus(ctx.db, ctx.user, input.conversationId, input.change, ctx.clock.now(), ctx.fx)),
  snooze: conversationProcedure
    .input(SnoozeInput)
    .mutation(({ ctx, input }) => {
      const now = ctx.clock.now();
      const until = input.preset ? snoozePresetUntil(input.preset, ctx.user, now) : input.until!;
      return setStatus(ctx.db, ctx.user, input.conversationId, { status: 'snoozed', until, pastDeadline: input.pastDeadline }, now, ctx.fx);
    }),
  assign: conversationProcedure
    .input(z.object({ userId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) => assign(ctx.db, ctx.user, input.conversationId, input.userId, ctx.fx)),
  markUnread: conversationProcedure.mutation(({ ctx, input }) => markUnread(ctx.db, ctx.user, input.conversationId)),
  setLabel: conversationProcedure
    .input(z.object({ labelId: z.uuid(), applied: z.boolean() }))
    .mutation(({ ctx, input }) => setLabel(ctx.db, ctx.user, input.conversationId, input.labelId, input.applied, ctx.clock.now(), ctx.fx)),
  labels: protectedProcedure.query(({ ctx }) => listLabels(ctx.db, ctx.user)),
  campaigns: protectedProcedure.query(({ ctx }) => listCampaigns(ctx.db, ctx.user)),
  createLabel: protectedProcedure.input(LabelInput).mutation(({ ctx, input }) => createLabel(ctx.db, ctx.user, input)),
  /** People and teams of the workspace, for the assignee and team filters. */
  directory: protectedProcedure.query(({ ctx }) => directory(ctx.db, ctx.user)),
  unreadCount: protectedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user)),
  markRead: conversationProcedure.mutation(({ ctx }) => markRead(ctx.db, ctx.user, ctx.conversation, ctx.clock.now())),
  ...bulkProcedures,
});
