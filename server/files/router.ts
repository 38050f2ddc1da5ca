import { protectedProcedure, router } from '@/server/trpc';
import { uploadLimits } from './uploads';

export const filesRouter = router({
  limits: protectedProcedure.query(({ ctx }) => uploadLimits(ctx.db, ctx.user)),
});
