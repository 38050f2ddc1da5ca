import { z } from 'zod';
import { apiGetConversation } from '@/server/conversations/api';
import { setStatus } from '@/server/conversations/actions';
import { StatusChange } from '@/server/conversations/schemas';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const POST = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const id = parseOrThrow(z.uuid({ message: 'id: not a conversation id' }), params.id);
  await setStatus(db, user, id, parseOrThrow(StatusChange, await jsonBody(request)), clock.now(), fx);
  return Response.json(await apiGetConversation(db, user, id, clock.now()));
});
