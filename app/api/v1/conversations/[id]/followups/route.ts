import { z } from 'zod';
import { conversationFollowups, toApiLog } from '@/server/followups/service';
import { parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute<{ id: string }>(async (_request, { db, user }, params) => {
  const id = parseOrThrow(z.uuid({ message: 'id: not a conversation id' }), params.id);
  return Response.json({ data: (await conversationFollowups(db, user, id)).map(toApiLog) });
});
