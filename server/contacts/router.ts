import { z } from 'zod';
import { setBlocked } from './blocking';
import { conversationProcedure, protectedProcedure, router } from '@/server/trpc';
import { contactPanel } from './panel';
import { updateContact } from './profile';
import { UpdateContactInput } from './schemas';

export const contactsRouter = router({
  panel: conversationProcedure.query(({ ctx }) => contactPanel(ctx.db, ctx.user, ctx.conversation.id)),
  update: protectedProcedure.input(UpdateContactInput).mutation(({ ctx, input: { contactId, ...values } }) => updateContact(ctx.db, ctx.user, contactId, values, ctx.fx)),
  setBlocked: protectedProcedure
    .input(z.object({ contactId: z.uuid(), blocked: z.boolean() }))
    .mutation(({ ctx, input }) => setBlocked(ctx.db, ctx.user, input.contactId, input.blocked, ctx.clock.now(), ctx.fx)),
});
