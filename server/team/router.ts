import { z } from 'zod';
import { leadProcedure, router } from '@/server/trpc';
import { agentBreaches, teamOverview } from './service';

export const teamRouter = router({
  overview: leadProcedure.query(({ ctx }) => teamOverview(ctx.db, ctx.user, ctx.clock.now())),
  breaches: leadProcedure.input(z.object({ agentId: z.uuid() })).query(({ ctx, input }) => agentBreaches(ctx.db, ctx.user, input.agentId)),
});
