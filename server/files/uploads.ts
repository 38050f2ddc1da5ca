import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { attachments, uploads, workspaces } from '@/db/schema';
import { OUTBOUND_FILE_KINDS } from '@/db/schema/values';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { Instant } from '@/server/clock';
import { readUploadForm } from './multipart';
import { outboundKindOf } from './outbound-limits';
import { fileSizeCap } from './policy';
import type { FileStorage } from './storage/storage';
import { storeStaged } from './store';
import { describeIssues } from '@/server/validation';

/** How long an upload may be sent (then it is ignored): a draft is sent within the day. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** `POST /api/files` and `POST /api/v1/files` answer with this (201). */
export const UploadView = z.object({
  id: z.uuid().describe('Name it in `attachments` of a send of this workspace, until `expiresAt`'),
  kind: z.enum(OUTBOUND_FILE_KINDS).describe('What the file goes out as, from its sniffed type'),
  mimeType: z.string().describe('Sniffed from the bytes; the name and the declared type do not count'),
  size: z.number().int().describe('Bytes'),
  fileName: z.string().nullable(),
  caption: z.string().nullable(),
  expiresAt: Instant,
});
export type UploadView = z.infer<typeof UploadView>;

const UploadFields = z.object({
  fileName: z
    .string()
    // A browser on Windows may send the whole path; only the name is the file's.
    .transform((name) => name.split(/[\\/]/).pop()!.trim().slice(0, 255))
    .nullable(),
  caption: z.string().trim().max(1024, 'at most 1024 characters (WhatsApp\'s limit for a caption)').optional(),
});

type Row = typeof uploads.$inferSelect;

const toUploadView = (row: Row): UploadView => ({
  id: row.id,
  kind: row.kind,
  mimeType: row.mimeType,
  size: row.size,
  fileName: row.fileName,
  caption: row.caption,
  expiresAt: row.expiresAt.toISOString(),
});

const capOf = async (db: Db, workspaceId: string) => {
  const [workspace] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return fileSizeCap(workspace?.settings ?? {});
};

/** What the composer needs to refuse a file before uploading it: the workspace's cap (the channel's rules are in outbound-limits). */
export async function uploadLimits(db: Db, user: SessionUser): Promise<{ fileSizeCap: number }> {
  return { fileSizeCap: await capOf(db, user.workspaceId) };
}

/**
 * An upload from a person (the composer) or a program: streamed to staging up to the
 * workspace's cap, sniffed, stored once by content, and named for the uploader's workspace.
 */
export async function createUpload(db: Db, storage: FileStorage, user: SessionUser, request: Request, now: Date): Promise<UploadView> {
  const form = await readUploadForm(request, await capOf(db, user.workspaceId));
  try {
    const fields = UploadFields.safeParse({ fileName: form.fileName, caption: form.caption });
    if (!fields.success) throw new AppError('INVALID_INPUT', describeIssues(fields.error));
    if (form.staged.size === 0) throw new AppError('INVALID_INPUT', 'file: empty (0 bytes)');
    const stored = await storeStaged(db, storage, user.workspaceId, form.staged);
    // Expired uploads name nothing any more: each new one sweeps its workspace's (an indexed delete), so the table holds about a day of them.
    await db.delete(uploads).where(and(eq(uploads.workspaceId, user.workspaceId), lt(uploads.expiresAt, now)));
    const [row] = await db
      .insert(uploads)
      .values({
        workspaceId: user.workspaceId,
        userId: user.id,
        fileId: stored.id,
        kind: outboundKindOf(stored.mimeType),
        mimeType: stored.mimeType,
        size: stored.size,
        fileName: fields.data.fileName || null,
        caption: fields.data.caption || null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS),
      })
      .returning();
    return toUploadView(row!);
  } finally {
    await form.staged.discard();
  }
}

/** The uploads a send names, in its order; one not of this workspace, or expired, is refused by its place in the list. */
export async function uploadsForSend(db: Db, workspaceId: string, ids: readonly string[], now: Date): Promise<Row[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(uploads)
    .where(and(inArray(uploads.id, [...new Set(ids)]), eq(uploads.workspaceId, workspaceId), gt(uploads.expiresAt, now)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id, index) => {
    const row = byId.get(id);
    if (!row) throw new AppError('INVALID_INPUT', `attachments[${index}]: no such upload in this workspace, or it expired (an upload may be sent for 24 hours)`);
    return row;
  });
}

/** The message's attachments from its uploads, ready at once: the bytes are stored already. */
export async function attachUploads(tx: Db, message: { id: string; workspaceId: string }, sent: readonly Row[], now: Date): Promise<void> {
  if (sent.length === 0) return;
  await tx.insert(attachments).values(
    sent.map((u, position) => ({
      messageId: message.id,
      workspaceId: message.workspaceId,
      kind: u.kind,
      status: 'ready' as const,
      fileId: u.fileId,
      mimeType: u.mimeType,
      size: u.size,
      fileName: u.fileName,
      caption: u.caption,
      position,
      createdAt: now,
    })),
  );
}
