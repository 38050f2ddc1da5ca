import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, files } from '@/db/schema';
import { AppError } from '@/server/errors';
import { storedFileResponse } from './serve';
import { verifyFile } from './signed-url';
import type { FileStorage } from './storage/storage';

/**
 * `GET /api/files/{id}/signed?exp=…&sig=…`: one attachment's file for whoever holds its signed
 * URL (a provider fetching what we send), with no session. A signature that is not ours, or is
 * past its expiry, is 403; a good one for an attachment that no longer has a file is 404, and
 * for one whose bytes left storage 410. Served exactly as the session's route serves it.
 */
export async function signedFileResponse(db: Db, attachmentId: string, request: Request, storage: FileStorage, key: Buffer, now: Date): Promise<Response> {
  const url = new URL(request.url);
  const check = verifyFile(key, attachmentId, { exp: url.searchParams.get('exp'), sig: url.searchParams.get('sig') }, now);
  if (check === 'expired') throw new AppError('FORBIDDEN', 'sig: this link has expired');
  if (check === 'invalid') throw new AppError('FORBIDDEN', 'sig: not a valid signature for this file');
  const [found] = await db
    .select({ fileName: attachments.fileName, file: files })
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(and(eq(attachments.id, attachmentId), eq(attachments.status, 'ready')));
  if (!found) throw new AppError('NOT_FOUND', 'file: no such file');
  return storedFileResponse(found.file, found.fileName, request, storage);
}
