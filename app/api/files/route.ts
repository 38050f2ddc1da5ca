import { getDb } from '@/db/client';
import { currentUser } from '@/server/auth/current-user';
import { assertSameOrigin } from '@/server/auth/same-origin';
import { systemClock } from '@/server/clock';
import { AppError } from '@/server/errors';
import { fileStorage } from '@/server/files/storage';
import { createUpload } from '@/server/files/uploads';
import { errorResponse } from '@/server/http';

export const dynamic = 'force-dynamic';

/** The composer's upload (SPEC §14): multipart `file` (+ `caption`), for the signed-in browser's own pages. */
export async function POST(request: Request): Promise<Response> {
  try {
    const user = await currentUser();
    if (!user) throw new AppError('UNAUTHENTICATED', 'session: sign in to upload files');
    assertSameOrigin(request);
    return Response.json(await createUpload(getDb(), fileStorage(), user, request, systemClock.now()), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
