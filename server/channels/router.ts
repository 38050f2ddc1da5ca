import { adminProcedure, router } from '@/server/trpc';
import { listDeadLetters } from './dead-letters';

export const deadLettersRouter = router({
  list: adminProcedure.query(({ ctx }) => listDeadLetters(ctx.db, ctx.user)),
});
