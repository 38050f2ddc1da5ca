import { z } from 'zod';
import type { attachments } from '@/db/schema';
import { ATTACHMENT_FAILURES, ATTACHMENT_KINDS, ATTACHMENT_STATUSES } from '@/db/schema/values';

type Row = typeof attachments.$inferSelect;

/** Why a download failed, in English; the thread shows the same in the reader's language (i18n `attachment.failed.*`). */
export const attachmentFailureMessages: Record<(typeof ATTACHMENT_FAILURES)[number], string> = {
  gone: 'the provider no longer has this file',
  too_large: 'the file is larger than this workspace accepts',
};

/** An attachment as the thread, realtime events and REST v1 carry it (SPEC §14). */
export const AttachmentView = z.object({
  id: z.uuid(),
  kind: z.enum(ATTACHMENT_KINDS),
  mimeType: z.string().nullable().describe('Sniffed from the bytes once stored; the provider\'s word while pending'),
  size: z.number().int().nullable().describe('Bytes'),
  fileName: z.string().nullable(),
  caption: z.string().nullable(),
  status: z.enum(ATTACHMENT_STATUSES),
  url: z.string().nullable().describe('Where the file is served, behind the conversation\'s access check; null until it is stored, and for locations and contact cards'),
  failure: z
    .object({ code: z.enum(ATTACHMENT_FAILURES), message: z.string() })
    .nullable()
    .describe('Why a failed download failed: `gone` (the provider no longer has the file) or `too_large` (over the workspace\'s cap)'),
  latitude: z.number().optional().describe('location'),
  longitude: z.number().optional().describe('location'),
  name: z.string().optional().describe('location: the place\'s name; contact: the person\'s'),
  address: z.string().optional().describe('location'),
  phones: z.array(z.string()).optional().describe('contact'),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

/** Where a stored file is served: the browser's session route, or REST v1's for API tokens. */
export type FileRoute = 'session' | 'api';
const base: Record<FileRoute, string> = { session: '/api/files', api: '/api/v1/files' };

/** The thread's view: its URL is the browser's route (`onRoute` gives REST v1's). */
export function toAttachmentView(row: Row): AttachmentView {
  const data = row.data ?? {};
  return {
    id: row.id,
    kind: row.kind,
    mimeType: row.mimeType,
    size: row.size,
    fileName: row.fileName,
    caption: row.caption,
    status: row.status,
    url: row.status === 'ready' && row.fileId ? `${base.session}/${row.id}` : null,
    failure: row.failure ? { code: row.failure, message: attachmentFailureMessages[row.failure] } : null,
    ...data,
  };
}

/** The same attachment with its URL on the other route (REST v1 answers with `/api/v1/files/…`). */
export function onRoute(view: AttachmentView, route: FileRoute): AttachmentView {
  return view.url ? { ...view, url: `${base[route]}/${view.id}` } : view;
}
