import { protectedProcedure, router } from '@/server/trpc';
import { AddNoteInput, NotesInput } from './schemas';
import { addNote, listNotes } from './service';

export const notesRouter = router({
  list: protectedProcedure.input(NotesInput).query(({ ctx, input }) => listNotes(ctx.db, ctx.user, input.conversationId)),
  add: protectedProcedure.input(AddNoteInput).mutation(({ ctx, input }) => addNote(ctx.db, ctx.user, input, ctx.clock.now(), ctx.fx)),
});
