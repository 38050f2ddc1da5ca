import { adminProcedure, router } from '@/server/trpc';
import { auditVocabulary, listAudit } from './list';
import { ListAuditInput } from './schemas';

export const auditRouter = router({
  list: adminProcedure.input(ListAuditInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.user, input)),
  vocabulary: adminProcedure.query(({ ctx }) => auditVocabulary(ctx.db, ctx.user)),
});
