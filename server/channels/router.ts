import { adminProcedure, managerProcedure, router } from '@/server/trpc';
import { listDeadLetters } from './dead-letters';
import { ChannelIdInput, CreateChannelBody, DeleteChannelInput, UpdateChannelInput } from './settings/schemas';
import { createChannel, deleteChannel, getChannel, listChannels, syncChannelTemplates, updateChannel } from './settings/service';

export const deadLettersRouter = router({
  list: adminProcedure.query(({ ctx }) => listDeadLetters(ctx.db, ctx.user)),
});

/** Settings → Channels: the same service as REST `/api/v1/channels`. */
export const channelsRouter = router({
  list: managerProcedure.query(({ ctx }) => listChannels(ctx.db, ctx.user)),
  get: managerProcedure.input(ChannelIdInput).query(({ ctx, input }) => getChannel(ctx.db, ctx.user, input.channelId)),
  create: managerProcedure.input(CreateChannelBody).mutation(({ ctx, input }) => createChannel(ctx.db, ctx.user, input, ctx.clock.now())),
  syncTemplates: managerProcedure.input(ChannelIdInput).mutation(({ ctx, input }) => syncChannelTemplates(ctx.db, ctx.user, input.channelId, ctx.clock.now())),
  update: managerProcedure.input(UpdateChannelInput).mutation(({ ctx, input }) => updateChannel(ctx.db, ctx.user, input.channelId, input.changes, ctx.fx)),
  delete: managerProcedure.input(DeleteChannelInput).mutation(({ ctx, input }) => deleteChannel(ctx.db, ctx.user, input, ctx.fx)),
});
