import { z } from 'zod';
import { protectedProcedure, router } from '@/server/trpc';
import { directory } from '@/server/users/directory';
import { assign, createLabel, LabelInput, listCampaigns, listLabels, markUnread, setLabel, setStatus, snoozePresetUntil } from './actions';
import { AssignInput, ConversationIdInput, ListConversationsInput, SnoozePresetSchema, StatusChange } from './schemas';
import { getConversation, listConversations, markRead, unreadCount } from './service';

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
  setStatus: protectedProcedure
    .input(z.object({ conversationId: z.uuid(), change: StatusChange }))
    .mutation(({ ctx, input }) => setStatus(ctx.db, ctx.user, input.conversationId, input.change, ctx.clock.now(), ctx.fx)),
  /** Snooze by a preset in the user's own zone, or until a chosen moment. */
  snooze: protectedProcedure
    .input(z.object({ conversationId: z.uuid(), preset: SnoozePresetSchema.optional(), until: z.iso.datetime({ offset: true }).optional() }).refine((v) => v.preset || v.until, { message: 'choose a preset or a moment', path: ['until'] }))
    .mutation(({ ctx, input }) => {
      const now = ctx.clock.now();
      const until = input.preset ? snoozePresetUntil(input.preset, ctx.user, now) : input.until!;
      return setStatus(ctx.db, ctx.user, input.conversationId, { status: 'snoozed', until }, now, ctx.fx);
    }),
  assign: protectedProcedure
    .input(AssignInput)
    .mutation(({ ctx, input }) => assign(ctx.db, ctx.user, input.conversationId, input.userId, ctx.fx)),
  markUnread: protectedProcedure.input(ConversationIdInput).mutation(({ ctx, input }) => markUnread(ctx.db, ctx.user, input.conversationId)),
  setLabel: protectedProcedure
    .input(z.object({ conversationId: z.uuid(), labelId: z.uuid(), applied: z.boolean() }))
    .mutation(({ ctx, input }) => setLabel(ctx.db, ctx.user, input.conversationId, input.labelId, input.applied, ctx.fx)),
  labels: protectedProcedure.query(({ ctx }) => listLabels(ctx.db, ctx.user)),
  campaigns: protectedProcedure.query(({ ctx }) => listCampaigns(ctx.db, ctx.user)),
  createLabel: protectedProcedure.input(LabelInput).mutation(({ ctx, input }) => createLabel(ctx.db, ctx.user, input)),
  /** People and teams of the workspace, for the assignee and team filters. */
  directory: protectedProcedure.query(({ ctx }) => directory(ctx.db, ctx.user)),
  unreadCount: protectedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user)),
  markRead: protectedProcedure
    .input(ConversationIdInput)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.user, input.conversationId, ctx.clock.now())),
});
