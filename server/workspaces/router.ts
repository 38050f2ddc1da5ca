import { publicProcedure, router } from '@/server/trpc';
import { setUpFirstRun } from './create';
import { NewWorkspaceInput } from './schemas';

export const setupRouter = router({
  /** The `/setup` form; refused (NOT_FOUND) once anyone exists. Answers the admin's email for the browser to sign in with. */
  run: publicProcedure.input(NewWorkspaceInput).mutation(async ({ ctx, input }) => {
    const { admin } = await setUpFirstRun(ctx.db, input, ctx.clock, ctx.fx);
    return { email: admin.email };
  }),
});
