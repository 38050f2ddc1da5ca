import { rm } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, files } from '@/db/schema';

/**
 * Deletes an attachment's bytes from a local storage folder (DATA_DIR/files) behind Cadence's
 * back, as an operator cleaning the disk would: its rows still say `ready`.
 */
export async function deleteStoredBytes(db: Db, filesRoot: string, attachmentId: string): Promise<void> {
  const [row] = await db.select({ key: files.storageKey }).from(attachments).innerJoin(files, eq(files.id, attachments.fileId)).where(eq(attachments.id, attachmentId));
  if (!row) throw new Error(`attachment ${attachmentId} has no stored file`);
  // Without `force`: a test whose file was never where it thinks must not pass by deleting nothing.
  await rm(path.join(filesRoot, ...row.key.split('/')));
}
