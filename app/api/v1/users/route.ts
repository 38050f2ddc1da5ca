import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';
import { invite } from '@/server/users/invitations';
import { listPeople, requireAdmin } from '@/server/users/people';
import { InviteInput } from '@/server/users/schemas';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user }) => Response.json({ data: await listPeople(db, user) }));

/** Adding someone is inviting them: they choose their own password through the link. */
export const POST = restRoute(async (request, { db, clock, user, fx }) => {
  requireAdmin(user);
  const body = parseOrThrow(InviteInput, await jsonBody(request));
  return Response.json(await invite(db, user, body, clock, fx), { status: 201 });
});
