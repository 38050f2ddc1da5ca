import { z } from 'zod';
import { DeleteChannelQuery, UpdateChannelBody } from '@/server/channels/settings/schemas';
import { deleteChannel, getChannel, mustManageChannels, updateChannel } from '@/server/channels/settings/service';
import { jsonBody, parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

const Params = z.object({ id: z.uuid({ message: 'not a channel id' }) });
const channelIdOf = (params: { id: string }) => parseOrThrow(Params, params).id;

export const GET = restRoute<{ id: string }>(async (_request, { db, user }, params) => {
  mustManageChannels(user);
  return Response.json(await getChannel(db, user, channelIdOf(params)));
});

export const PATCH = restRoute<{ id: string }>(async (request, { db, user, fx }, params) => {
  mustManageChannels(user);
  const channelId = channelIdOf(params);
  // Another workspace's channel is 404 whatever the body says.
  await getChannel(db, user, channelId);
  return Response.json(await updateChannel(db, user, channelId, parseOrThrow(UpdateChannelBody, await jsonBody(request)), fx));
});

export const DELETE = restRoute<{ id: string }>(async (_request, { db, user, url, fx }, params) => {
  mustManageChannels(user);
  const channelId = channelIdOf(params);
  await deleteChannel(db, user, { channelId, ...parseOrThrow(DeleteChannelQuery, queryOf(url)) }, fx);
  return new Response(null, { status: 204 });
});
