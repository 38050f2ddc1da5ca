import { z } from 'zod';
import { UpdateFollowupBody } from '@/server/followups/schemas';
import { deleteFollowup, getFollowup, updateFollowup } from '@/server/followups/service';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

const FollowupId = z.uuid({ message: 'id: not a follow-up id' });

export const GET = restRoute<{ id: string }>(async (_request, { db, user }, params) => {
  return Response.json(await getFollowup(db, user, parseOrThrow(FollowupId, params.id)));
});

export const PATCH = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const id = parseOrThrow(FollowupId, params.id);
  const patch = parseOrThrow(UpdateFollowupBody, await jsonBody(request));
  return Response.json(await updateFollowup(db, user, id, patch, clock.now(), fx));
});

export const DELETE = restRoute<{ id: string }>(async (_request, { db, clock, user, fx }, params) => {
  await deleteFollowup(db, user, parseOrThrow(FollowupId, params.id), clock.now(), fx);
  return new Response(null, { status: 204 });
});
