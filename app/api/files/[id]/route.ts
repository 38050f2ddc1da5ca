import { getDb } from '@/db/client';
import { currentUser } from '@/server/auth/current-user';
import { AppError } from '@/server/errors';
import { fileStorage } from '@/server/files/storage';
import { fileResponse } from '@/server/files/serve';
import { errorResponse } from '@/server/http';
import { IdParams, parseOrThrow } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

/** An attachment's file for the signed-in browser (SPEC §14), behind the conversation's access check. */
export async function GET(request: Request, route: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await currentUser();
    if (!user) throw new AppError('UNAUTHENTICATED', 'session: sign in to read files');
    const { id } = parseOrThrow(IdParams, await route.params);
    return await fileResponse(getDb(), user, id, request, fileStorage());
  } catch (error) {
    return errorResponse(error);
  }
}
