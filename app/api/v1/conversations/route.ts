import { apiListConversations } from '@/server/conversations/api';
import { ListConversationsQuery } from '@/server/rest/schemas';
import { parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, clock, user, url }) => {
  const q = parseOrThrow(ListConversationsQuery, queryOf(url));
  const page = await apiListConversations(
    db,
    user,
    {
      tab: 'all',
      status: q.status,
      channel: q.channel,
      assignee: q.assignee === 'me' ? user.id : q.assignee,
      search: q.search,
      deadline: q.deadline,
      campaign: q.campaign,
      unread: q.unread === 'true' ? true : undefined,
      labelId: q.label,
      teamId: q.team,
      sort: q.sort,
      cursor: q.cursor,
      limit: q.limit,
    },
    clock.now(),
  );
  return Response.json(page);
});
