import { fileStorage } from '@/server/files/storage';
import { createUpload } from '@/server/files/uploads';
import { restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

/** `POST /api/v1/files` (SPEC §14): multipart `file` (+ `caption`) → 201 with an upload id to send within 24 h. */
export const POST = restRoute<Record<string, never>>(async (request, { db, user, clock }) =>
  Response.json(await createUpload(db, fileStorage(), user, request, clock.now()), { status: 201 }),
);
