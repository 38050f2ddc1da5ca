import { adminProcedure, router } from '@/server/trpc';
import { createToken, CreateTokenInput, listTokens, revokeToken, TokenIdInput } from './tokens';

export const apiTokensRouter = router({
  list: adminProcedure.query(({ ctx }) => listTokens(ctx.db, ctx.user)),
  create: adminProcedure.input(CreateTokenInput).mutation(({ ctx, input }) => createToken(ctx.db, ctx.user, input.name, ctx.clock.now())),
  revoke: adminProcedure
    .input(TokenIdInput)
    .mutation(({ ctx, input }) => revokeToken(ctx.db, ctx.user, input.tokenId, ctx.clock.now())),
});
