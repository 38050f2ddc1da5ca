import { IdParams, parseOrThrow, restRoute } from '@/server/rest/route';
import { issuePasswordReset } from '@/server/users/password-reset';

export const dynamic = 'force-dynamic';

export const POST = restRoute<{ id: string }>(async (_request, { db, clock, user, fx }, params) => {
  const { id } = parseOrThrow(IdParams, params);
  return Response.json(await issuePasswordReset(db, user, id, clock, fx), { status: 201 });
});
