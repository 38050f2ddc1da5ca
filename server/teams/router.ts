import { adminProcedure, protectedProcedure, router } from '@/server/trpc';
import { ChannelDefaultTeamInput, CreateTeamBody, TeamIdInput, UpdateTeamBody } from './schemas';
import { channelRouting, setChannelDefaultTeam } from './routing';
import { createTeam, deleteTeam, listTeams, updateTeam } from './service';

/** Settings → Teams. Who may do what is the service's rule (REST calls the same functions). */
export const teamsRouter = router({
  list: protectedProcedure.query(({ ctx }) => listTeams(ctx.db, ctx.user)),
  create: adminProcedure.input(CreateTeamBody).mutation(({ ctx, input }) => createTeam(ctx.db, ctx.user, input, ctx.clock.now(), ctx.fx)),
  update: protectedProcedure
    .input(TeamIdInput.extend({ change: UpdateTeamBody }))
    .mutation(({ ctx, input }) => updateTeam(ctx.db, ctx.user, input.teamId, input.change, ctx.clock.now(), ctx.fx)),
  delete: adminProcedure.input(TeamIdInput).mutation(({ ctx, input }) => deleteTeam(ctx.db, ctx.user, input.teamId, ctx.clock.now(), ctx.fx)),
  routing: adminProcedure.query(({ ctx }) => channelRouting(ctx.db, ctx.user)),
  setChannelDefault: adminProcedure
    .input(ChannelDefaultTeamInput)
    .mutation(({ ctx, input }) => setChannelDefaultTeam(ctx.db, ctx.user, input.channelId, input.teamId, ctx.clock.now(), ctx.fx)),
});
