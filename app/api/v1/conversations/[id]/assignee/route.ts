import { z } from 'zod';
import { apiGetConversation } from '@/server/conversations/api';
import { assign } from '@/server/conversations/actions';
import { AssigneeBody } from '@/server/conversations/schemas';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const POST = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const id = parseOrThrow(z.uuid({ message: 'id: not a conversation id' }), params.id);
  await assign(db, user, id, parseOrThrow(AssigneeBody, await jsonBody(request)).userId, fx);
  return Response.json(await apiGetConversation(db, user, id, clock.now()));
});
