import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, files, messages } from '@/db/schema';
import { loadReadableConversation, type Reader } from '@/server/access/conversations';
import { AppError } from '@/server/errors';
import { FILE_CONTENT_SECURITY_POLICY } from '@/server/security-headers';
import { contentDisposition, requestedRange, servedInline } from './policy';
import type { FileStorage } from './storage/storage';

const notFound = () => new AppError('NOT_FOUND', 'file: no such file in this workspace');
// The attachment is real and readable, only its bytes left storage: 410 tells a client not to ask again.
const bytesGone = () => new AppError('GONE', 'file: its bytes are no longer stored; attach the file again to send it');

/**
 * One attachment's stored file, for `GET /api/files/{id}` (the browser's session) and `GET
 * /api/v1/files/{id}` (API tokens): `id` is the attachment's. Whoever may not read the
 * conversation, in this workspace or another, gets 404, like for the conversation itself.
 */
export async function fileResponse(db: Db, user: Reader, attachmentId: string, request: Request, storage: FileStorage): Promise<Response> {
  const [found] = await db
    .select({ conversationId: messages.conversationId, fileName: attachments.fileName, file: files })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(and(eq(attachments.id, attachmentId), eq(attachments.workspaceId, user.workspaceId), eq(attachments.status, 'ready')));
  if (!found) throw notFound();
  try {
    await loadReadableConversation(db, user, found.conversationId);
  } catch (error) {
    // The file is named, not the conversation: whether a hidden conversation exists is nobody's business.
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound();
    throw error;
  }
  return storedFileResponse(found.file, found.fileName, request, storage);
}

type FileRow = typeof files.$inferSelect;

/**
 * The bytes of a file whose reader has been let in, by session or by signature: the type
 * sniffed when it was stored, `nosniff`, and a download unless it is an image, audio, video or
 * PDF; audio and video answer a Range with its bytes. Bytes gone from storage are 410 Gone.
 */
export async function storedFileResponse(file: FileRow, fileName: string | null, request: Request, storage: FileStorage): Promise<Response> {
  const range = requestedRange(request.headers.get('range'), file.size);
  const headers = new Headers({
    'content-type': file.mimeType,
    'x-content-type-options': 'nosniff',
    'content-disposition': contentDisposition(file.mimeType, fileName),
    // The bytes under an id never change; the access check runs on every request all the same.
    'cache-control': 'private, max-age=3600',
    'accept-ranges': 'bytes',
    // Even opened on its own, a file may run nothing (proxy.ts sets the same on these routes).
    'content-security-policy': FILE_CONTENT_SECURITY_POLICY,
  });
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  // Ranges are served where a player seeks: audio and video (and PDF viewers ask too).
  const partial = range && servedInline(file.mimeType) ? range : null;
  const stored = await storage.get(file.storageKey, partial ?? undefined);
  if (!stored) throw bytesGone();
  const body = Readable.toWeb(stored.body) as ReadableStream<Uint8Array>;
  if (partial) {
    headers.set('content-range', `bytes ${partial.start}-${partial.end}/${file.size}`);
    headers.set('content-length', String(partial.end - partial.start + 1));
    return new Response(body, { status: 206, headers });
  }
  headers.set('content-length', String(file.size));
  return new Response(body, { status: 200, headers });
}
