import { CreateFollowupBody, ListFollowupsQuery } from '@/server/followups/schemas';
import { createFollowup, listFollowups } from '@/server/followups/service';
import { jsonBody, parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user, url }) => {
  const query = parseOrThrow(ListFollowupsQuery, queryOf(url));
  return Response.json({ data: await listFollowups(db, user, query) });
});

export const POST = restRoute(async (request, { db, clock, user, fx }) => {
  const body = parseOrThrow(CreateFollowupBody, await jsonBody(request));
  return Response.json(await createFollowup(db, user, body, clock.now(), fx), { status: 201 });
});
