import { IdParams, parseOrThrow, restRoute } from '@/server/rest/route';
import { resendInvitation } from '@/server/users/invitations';

export const dynamic = 'force-dynamic';

export const POST = restRoute<{ id: string }>(async (_request, { db, clock, user, fx }, params) => {
  const { id } = parseOrThrow(IdParams, params);
  return Response.json(await resendInvitation(db, user, id, clock, fx));
});
