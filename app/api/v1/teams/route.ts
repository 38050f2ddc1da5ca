import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';
import { CreateTeamBody } from '@/server/teams/schemas';
import { createTeam, listTeams } from '@/server/teams/service';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user }) => Response.json({ data: await listTeams(db, user) }));

export const POST = restRoute(async (request, { db, clock, user, fx }) => {
  const body = parseOrThrow(CreateTeamBody, await jsonBody(request));
  return Response.json(await createTeam(db, user, body, clock.now(), fx), { status: 201 });
});
