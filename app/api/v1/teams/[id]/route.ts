import { z } from 'zod';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';
import { UpdateTeamBody } from '@/server/teams/schemas';
import { deleteTeam, getTeam, updateTeam } from '@/server/teams/service';

export const dynamic = 'force-dynamic';

const TeamId = z.uuid({ message: 'id: not a team id' });

export const GET = restRoute<{ id: string }>(async (_request, { db, user }, params) => Response.json(await getTeam(db, user, parseOrThrow(TeamId, params.id))));

export const PATCH = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const id = parseOrThrow(TeamId, params.id);
  // A team that is not the caller's answers 404 whatever the body says.
  await getTeam(db, user, id);
  const change = parseOrThrow(UpdateTeamBody, await jsonBody(request));
  return Response.json(await updateTeam(db, user, id, change, clock.now(), fx));
});

export const DELETE = restRoute<{ id: string }>(async (_request, { db, clock, user, fx }, params) => {
  await deleteTeam(db, user, parseOrThrow(TeamId, params.id), clock.now(), fx);
  return new Response(null, { status: 204 });
});
