import { managerProcedure, router } from '@/server/trpc';
import { AttributionReportInput, AttributionWindowInput, attributionReport, setAttributionWindow } from './report';

export const attributionRouter = router({
  report: managerProcedure.input(AttributionReportInput).query(({ ctx, input }) => attributionReport(ctx.db, ctx.user, input, ctx.clock.now())),
  setWindow: managerProcedure.input(AttributionWindowInput).mutation(({ ctx, input }) => setAttributionWindow(ctx.db, ctx.user, input, ctx.clock.now(), ctx.fx)),
});
