import { conversationProcedure, router } from '@/server/trpc';
import { AddNoteInput } from './schemas';
import { addNote, listNotes } from './service';

export const notesRouter = router({
  list: conversationProcedure.query(({ ctx }) => listNotes(ctx.db, ctx.conversation)),
  add: conversationProcedure.input(AddNoteInput).mutation(({ ctx, input }) => addNote(ctx.db, ctx.user, ctx.conversation, input, ctx.clock.now(), ctx.fx)),
});
