import { z } from 'zod';
import { conversationProcedure, protectedProcedure, router } from '@/server/trpc';
import { SaveTemplateInput, TemplateIdInput } from './schemas';
import { archiveTemplate, listTemplates, saveTemplate, templatesForConversation } from './service';

export const templatesRouter = router({
  forConversation: conversationProcedure.query(({ ctx }) => templatesForConversation(ctx.db, ctx.user, ctx.conversation, ctx.clock.now())),
  list: protectedProcedure
    .input(z.object({ archived: z.boolean().default(false) }))
    .query(({ ctx, input }) => listTemplates(ctx.db, ctx.user, input)),
  save: protectedProcedure.input(SaveTemplateInput).mutation(({ ctx, input }) => saveTemplate(ctx.db, ctx.user, input)),
  archive: protectedProcedure.input(TemplateIdInput).mutation(({ ctx, input }) => archiveTemplate(ctx.db, ctx.user, input.templateId, ctx.clock.now())),
});
