import { IdParams, parseOrThrow, restRoute } from '@/server/rest/route';
import { revokeInvitation } from '@/server/users/invitations';

export const dynamic = 'force-dynamic';

export const DELETE = restRoute<{ id: string }>(async (_request, { db, clock, user, fx }, params) => {
  const { id } = parseOrThrow(IdParams, params);
  await revokeInvitation(db, user, id, clock, fx);
  return new Response(null, { status: 204 });
});
