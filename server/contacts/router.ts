import { z } from 'zod';
import { setBlocked } from './blocking';
import { ConversationIdInput } from '@/server/conversations/schemas';
import { protectedProcedure, router } from '@/server/trpc';
import { contactPanel, updateContact, UpdateContactInput } from './panel';

export const contactsRouter = router({
  panel: protectedProcedure.input(ConversationIdInput).query(({ ctx, input }) => contactPanel(ctx.db, ctx.user, input.conversationId)),
  update: protectedProcedure.input(UpdateContactInput).mutation(({ ctx, input }) => updateContact(ctx.db, ctx.user, input)),
  setBlocked: protectedProcedure
    .input(z.object({ contactId: z.uuid(), blocked: z.boolean() }))
    .mutation(({ ctx, input }) => setBlocked(ctx.db, ctx.user, input.contactId, input.blocked, ctx.clock.now(), ctx.fx)),
});
