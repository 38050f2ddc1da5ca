import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, files } from '@/db/schema';
import type { FileKind, OutboundAttachment } from '@/server/channels/outbound';
import { mp4DurationMs } from './mp4-duration';
import { FETCH_TTL_MS, signedFilePath, signFile } from './signed-url';
import type { FileStorage } from './storage/storage';

const MP4_TYPES = ['audio/mp4', 'audio/x-m4a', 'video/mp4'];

/** What the signing key of file URLs is derived for (db/secret-box.ts `derivedKey`). */
export const FILE_URL_KEY = 'file-url';

const FILE_KINDS: FileKind[] = ['image', 'audio', 'video', 'document', 'sticker'];

/** The extension of the types channels take (SPEC §14), for a file attached without a name. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

export const defaultFileName = (kind: FileKind, mimeType: string) => `${kind}.${EXTENSIONS[mimeType.split(';')[0]!.trim()] ?? 'bin'}`;

export type FileAccess = { storage: FileStorage; key: Buffer; publicUrl: string; now: Date };

/** `open()` of a file whose bytes left storage since the send was checked: the worker fails the message FILE_MISSING. */
export class FileMissingError extends Error {
  constructor(readonly fileName: string, storageKey: string) {
    super(`${fileName}: its bytes are missing from storage (${storageKey})`);
    this.name = 'FileMissingError';
  }
}

/** A queued message's ready file attachments with their files, in position order. */
const readyFilesOf = (db: Db, messageId: string) =>
  db
    .select({ attachment: attachments, storageKey: files.storageKey, mimeType: files.mimeType, size: files.size })
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(and(eq(attachments.messageId, messageId), eq(attachments.status, 'ready'), isNotNull(attachments.fileId), inArray(attachments.kind, FILE_KINDS)))
    .orderBy(asc(attachments.position));

const nameOf = (attachment: typeof attachments.$inferSelect, mimeType: string) => attachment.fileName ?? defaultFileName(attachment.kind as FileKind, mimeType);

/**
 * The names of a queued message's files whose rows say `ready` but whose bytes are not in
 * storage (deleted from the disk or the bucket): checked before any part is sent, since no retry
 * brings them back and a part sent before the gap would leave the message half-delivered.
 */
export async function missingFilesOf(db: Db, messageId: string, storage: FileStorage): Promise<string[]> {
  const rows = await readyFilesOf(db, messageId);
  const present = await Promise.all(rows.map((r) => storage.has(r.storageKey)));
  return rows.filter((_, i) => !present[i]).map((r) => nameOf(r.attachment, r.mimeType));
}

/**
 * A queued message's ready file attachments, in position order, as its provider module sends
 * them: bytes streamed from storage, or a signed URL on PUBLIC_URL (`/api/files/{id}/signed`).
 */
export async function outboundAttachmentsOf(db: Db, messageId: string, access: FileAccess): Promise<OutboundAttachment[]> {
  const rows = await readyFilesOf(db, messageId);
  return rows.map(({ attachment, storageKey, mimeType, size }) => {
    const fileName = nameOf(attachment, mimeType);
    return {
      id: attachment.id,
      kind: attachment.kind as FileKind,
      mimeType,
      size,
      fileName,
      caption: attachment.caption?.trim() || null,
      async open() {
        const stored = await access.storage.get(storageKey);
        if (!stored) throw new FileMissingError(fileName, storageKey);
        return stored.body;
      },
      async durationMs() {
        if (!MP4_TYPES.includes(mimeType)) return null;
        return mp4DurationMs(async (offset, length) => {
          if (offset >= size) return Buffer.alloc(0);
          const stored = await access.storage.get(storageKey, { start: offset, end: Math.min(offset + length, size) - 1 });
          if (!stored) return Buffer.alloc(0);
          const chunks: Buffer[] = [];
          for await (const chunk of stored.body) chunks.push(Buffer.from(chunk as Uint8Array));
          return Buffer.concat(chunks);
        }, size);
      },
      url: (ttlMs = FETCH_TTL_MS) => `${access.publicUrl}${signedFilePath(attachment.id, signFile(access.key, attachment.id, access.now, ttlMs))}`,
    };
  });
}
