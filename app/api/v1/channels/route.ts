import { CreateChannelBody } from '@/server/channels/settings/schemas';
import { createChannel, listChannels, mustManageChannels } from '@/server/channels/settings/service';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user }) => Response.json({ data: await listChannels(db, user) }));

export const POST = restRoute(async (request, { db, clock, user }) => {
  mustManageChannels(user);
  const body = parseOrThrow(CreateChannelBody, await jsonBody(request));
  return Response.json(await createChannel(db, user, body, clock.now()), { status: 201 });
});
