import { getDb } from '@/db/client';
import { derivedKey } from '@/db/secret-box';
import { systemClock } from '@/server/clock';
import { FILE_URL_KEY } from '@/server/files/outbound-files';
import { signedFileResponse } from '@/server/files/serve-signed';
import { fileStorage } from '@/server/files/storage';
import { errorResponse } from '@/server/http';
import { IdParams, parseOrThrow } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

/** An attachment's file by its signed short-lived URL (SPEC §14): for providers that fetch what we send, no session. */
export async function GET(request: Request, route: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = parseOrThrow(IdParams, await route.params);
    return await signedFileResponse(getDb(), id, request, fileStorage(), derivedKey(FILE_URL_KEY), systemClock.now());
  } catch (error) {
    return errorResponse(error);
  }
}
