import { z } from 'zod';
import { apiGetConversation } from '@/server/conversations/api';
import { parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute<{ id: string }>(async (_request, { db, clock, user }, params) => {
  const id = parseOrThrow(z.uuid({ message: 'id: not a conversation id' }), params.id);
  return Response.json(await apiGetConversation(db, user, id, clock.now()));
});
