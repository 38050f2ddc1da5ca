import { fileStorage } from '@/server/files/storage';
import { fileResponse } from '@/server/files/serve';
import { IdParams, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

/** An attachment's file for an API token (SPEC §14): the same access check as its conversation. */
export const GET = restRoute<{ id: string }>(async (request, { db, user }, params) =>
  fileResponse(db, user, parseOrThrow(IdParams, params).id, request, fileStorage()),
);
