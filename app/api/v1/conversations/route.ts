import { apiListConversations } from '@/server/conversations/api';
import { ListConversationsQuery, listInputOfQuery } from '@/server/conversations/schemas';
import { parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, clock, user, url }) => {
  const q = parseOrThrow(ListConversationsQuery, queryOf(url));
  return Response.json(await apiListConversations(db, user, listInputOfQuery(q, user.id), clock.now()));
});
