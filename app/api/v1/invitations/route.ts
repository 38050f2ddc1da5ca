import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';
import { invite, listInvitations } from '@/server/users/invitations';
import { requireAdmin } from '@/server/users/people';
import { InviteInput } from '@/server/users/schemas';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, clock, user }) => Response.json({ data: await listInvitations(db, user, clock.now()) }));

export const POST = restRoute(async (request, { db, clock, user, fx }) => {
  requireAdmin(user);
  const body = parseOrThrow(InviteInput, await jsonBody(request));
  return Response.json(await invite(db, user, body, clock, fx), { status: 201 });
});
