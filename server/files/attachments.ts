import { asc, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, type AttachmentData } from '@/db/schema';
import type { InboundMedia } from '@/server/channels/inbound';
import { enqueueJobs } from '@/server/scheduler/queue';
import { toAttachmentView, type AttachmentView } from './view';

type NewAttachment = typeof attachments.$inferInsert;

function rowOf(media: InboundMedia, position: number, message: { id: string; workspaceId: string }, now: Date): NewAttachment {
  // `createdAt` starts the download's 24 h of retries (SPEC §13), on the caller's clock.
  const base = { messageId: message.id, workspaceId: message.workspaceId, kind: media.kind, position, createdAt: now };
  if (media.kind === 'location') {
    const data: AttachmentData = { latitude: media.latitude, longitude: media.longitude, ...(media.name ? { name: media.name } : {}), ...(media.address ? { address: media.address } : {}) };
    return { ...base, status: 'ready', data };
  }
  if (media.kind === 'contact') return { ...base, status: 'ready', data: { name: media.name, phones: media.phones } };
  return {
    ...base,
    status: 'pending',
    providerRef: media.ref,
    mimeType: media.mimeType ?? null,
    size: media.size ?? null,
    fileName: media.fileName ?? null,
    caption: media.caption ?? null,
  };
}

/**
 * A message's attachments, written in the transaction that stores the message: locations and
 * contact cards ready at once, files pending with a download job each (it runs once this commits).
 */
export async function recordInboundMedia(tx: Db, message: { id: string; workspaceId: string }, media: InboundMedia[], now: Date): Promise<void> {
  if (media.length === 0) return;
  const rows = await tx
    .insert(attachments)
    .values(media.map((m, i) => rowOf(m, i, message, now)))
    .returning({ id: attachments.id, status: attachments.status });
  await enqueueJobs(
    tx,
    rows.filter((r) => r.status === 'pending').map((r) => ({ kind: 'media.download' as const, runAt: now, payload: { attachmentId: r.id } })),
  );
}

/** The attachments of these messages, each message's in order: one query for a page of a thread. */
export async function attachmentViewsOf(db: Db, messageIds: string[]): Promise<Map<string, AttachmentView[]>> {
  const byMessage = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db.select().from(attachments).where(inArray(attachments.messageId, messageIds)).orderBy(asc(attachments.messageId), asc(attachments.position));
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    list.push(toAttachmentView(row));
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}
