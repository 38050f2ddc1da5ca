import { z } from 'zod';
import { protectedProcedure } from '@/server/trpc';
import { snoozePresetUntil } from './actions';
import { applyBulk, undoBulk } from './bulk-service';
import { BulkIdsInput, BulkUndoInput, SnoozeChoice } from './schemas';

/** The inbox's bulk actions (SPEC §17): up to `BULK_LIMIT` conversations each, one transaction, one undo. */
export const bulkProcedures = {
  bulkClose: protectedProcedure.input(BulkIdsInput).mutation(({ ctx, input }) => applyBulk(ctx.db, ctx.user, input.conversationIds, { kind: 'close' }, ctx.clock.now(), ctx.fx)),
  bulkSnooze: protectedProcedure.input(BulkIdsInput.and(SnoozeChoice)).mutation(({ ctx, input }) => {
    const now = ctx.clock.now();
    const until = input.preset ? snoozePresetUntil(input.preset, ctx.user, now) : input.until!;
    return applyBulk(ctx.db, ctx.user, input.conversationIds, { kind: 'snooze', until }, now, ctx.fx);
  }),
  bulkAssign: protectedProcedure
    .input(BulkIdsInput.extend({ userId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) => applyBulk(ctx.db, ctx.user, input.conversationIds, { kind: 'assign', userId: input.userId }, ctx.clock.now(), ctx.fx)),
  bulkLabel: protectedProcedure
    .input(BulkIdsInput.extend({ labelId: z.uuid(), applied: z.boolean() }))
    .mutation(({ ctx, input }) => applyBulk(ctx.db, ctx.user, input.conversationIds, { kind: 'label', labelId: input.labelId, applied: input.applied }, ctx.clock.now(), ctx.fx)),
  /** Read or unread for this user only, like opening one or "mark unread". */
  bulkMarkRead: protectedProcedure
    .input(BulkIdsInput.extend({ read: z.boolean() }))
    .mutation(({ ctx, input }) => applyBulk(ctx.db, ctx.user, input.conversationIds, { kind: input.read ? 'read' : 'unread' }, ctx.clock.now(), ctx.fx)),
  bulkUndo: protectedProcedure.input(BulkUndoInput).mutation(({ ctx, input }) => undoBulk(ctx.db, ctx.user, input.bulkId, ctx.clock.now(), ctx.fx)),
};
