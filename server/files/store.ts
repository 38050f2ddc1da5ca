import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '@/db/client';
import { attachments, files } from '@/db/schema';
import { textType } from './policy';
import { stageDownload, type Staged } from './staging';
import { contentKey } from './storage/keys';
import type { FileStorage } from './storage/storage';

export type StoredFile = { id: string; mimeType: string; size: number };

/**
 * Puts staged bytes into storage under their content address (unless already there) and gives
 * the workspace's file row for them, made now or found: the same bytes are one file. The type is
 * sniffed from the bytes; a provider's word or a file's name never counts.
 */
export async function storeStaged(db: Db, storage: FileStorage, workspaceId: string, staged: Staged): Promise<StoredFile> {
  const mimeType = (await fileTypeFromBuffer(staged.head))?.mime ?? textType(staged.head);
  const key = contentKey(staged.sha256);
  if (!(await storage.has(key))) await storage.put(key, createReadStream(staged.path), staged.size, mimeType);
  await db.insert(files).values({ workspaceId, sha256: staged.sha256, mimeType, size: staged.size, storageKey: key }).onConflictDoNothing({ target: [files.workspaceId, files.sha256] });
  const [file] = await db
    .select({ id: files.id, mimeType: files.mimeType, size: files.size })
    .from(files)
    .where(and(eq(files.workspaceId, workspaceId), eq(files.sha256, staged.sha256)));
  return file!;
}

/** A ready file attachment of a message from bytes at hand: for the demo seed and for tests that need a stored file. */
export async function attachBytes(
  db: Db,
  storage: FileStorage,
  message: { id: string; workspaceId: string },
  file: { kind: 'image' | 'audio' | 'video' | 'document' | 'sticker'; bytes: Buffer; fileName?: string; caption?: string; position?: number },
) {
  const staged = await stageDownload(Readable.from([file.bytes]), Number.MAX_SAFE_INTEGER, AbortSignal.timeout(30_000));
  try {
    const stored = await storeStaged(db, storage, message.workspaceId, staged);
    const [row] = await db
      .insert(attachments)
      .values({
        messageId: message.id,
        workspaceId: message.workspaceId,
        kind: file.kind,
        status: 'ready',
        fileId: stored.id,
        mimeType: stored.mimeType,
        size: stored.size,
        fileName: file.fileName ?? null,
        caption: file.caption ?? null,
        position: file.position ?? 0,
      })
      .returning();
    return row!;
  } finally {
    await staged.discard();
  }
}
