import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';
import { WorkspacePatch } from '@/server/workspace/schemas';
import { getWorkspace, updateWorkspace } from '@/server/workspace/service';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user }) => Response.json(await getWorkspace(db, user)));

export const PATCH = restRoute(async (request, { db, clock, user, fx }) => {
  const patch = parseOrThrow(WorkspacePatch, await jsonBody(request));
  return Response.json(await updateWorkspace(db, user, patch, clock.now(), fx));
});
