import { conversationProcedure, leadProcedure, managerProcedure, protectedProcedure, router } from '@/server/trpc';
import { acknowledgeNotice, excuseBreach, listNotices } from './escalation-service';
import { ExcuseBreachInput, NoticeIdInput, UpdateProtocolInput } from './schemas';
import { listProtocols, updateProtocol } from './settings';
import { deadlinesOf } from './view';

export const protocolsRouter = router({
  deadlines: conversationProcedure.query(({ ctx }) => deadlinesOf(ctx.db, ctx.conversation.id)),
  list: protectedProcedure.query(({ ctx }) => listProtocols(ctx.db, ctx.user)),
  update: managerProcedure.input(UpdateProtocolInput).mutation(({ ctx, input }) => updateProtocol(ctx.db, ctx.user, input)),
  notices: protectedProcedure.query(async ({ ctx }) =>
    (await listNotices(ctx.db, ctx.user)).map(({ notice, agentName }) => ({
      id: notice.id,
      agentId: notice.agentId,
      agentName,
      level: notice.level,
      breachCount: notice.breachCount,
      windowDays: notice.windowDays,
      createdAt: notice.createdAt.toISOString(),
      acknowledgedAt: notice.acknowledgedAt?.toISOString() ?? null,
    })),
  ),
  acknowledge: protectedProcedure.input(NoticeIdInput).mutation(async ({ ctx, input }) => {
    await acknowledgeNotice(ctx.db, ctx.user, input.noticeId, ctx.clock.now(), ctx.fx);
  }),
  excuse: leadProcedure.input(ExcuseBreachInput).mutation(async ({ ctx, input }) => {
    await excuseBreach(ctx.db, ctx.user, input.breachId, input.reason, ctx.clock.now(), ctx.fx);
  }),
});
