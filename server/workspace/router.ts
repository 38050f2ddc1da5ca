import { adminProcedure, router } from '@/server/trpc';
import { WorkspacePatch } from './schemas';
import { getWorkspace, updateWorkspace } from './service';

export const workspaceRouter = router({
  get: adminProcedure.query(({ ctx }) => getWorkspace(ctx.db, ctx.user)),
  update: adminProcedure.input(WorkspacePatch).mutation(({ ctx, input }) => updateWorkspace(ctx.db, ctx.user, input, ctx.clock.now(), ctx.fx)),
});
