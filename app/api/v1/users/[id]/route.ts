import { IdParams, jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';
import { requireAdmin, updatePerson } from '@/server/users/people';
import { PersonPatch } from '@/server/users/schemas';

export const dynamic = 'force-dynamic';

export const PATCH = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  requireAdmin(user);
  const { id } = parseOrThrow(IdParams, params);
  return Response.json(await updatePerson(db, user, id, parseOrThrow(PersonPatch, await jsonBody(request)), clock, fx));
});
