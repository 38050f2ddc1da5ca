import { bigint, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { files } from './files';
import { messages } from './messages';
import { ATTACHMENT_FAILURES, ATTACHMENT_KINDS, ATTACHMENT_STATUSES } from './values';
import { workspaceId } from './workspaces';

/** What a location or a contact card carries (SPEC §14): all in the payload, no file. */
export type AttachmentData =
  | { latitude: number; longitude: number; name?: string; address?: string }
  | { name: string; phones: string[] };

/**
 * One thing attached to a message, in the payload's order (`position`). A file starts `pending`
 * with the provider's reference and its word on type and size; the download job (media.download)
 * stores it and links `fileId`, or fails it with a reason.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    workspaceId: workspaceId(),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    /** The provider's word while pending; the sniffed type once stored. */
    mimeType: text('mime_type'),
    size: bigint('size', { mode: 'number' }),
    fileName: text('file_name'),
    caption: text('caption'),
    status: text('status', { enum: ATTACHMENT_STATUSES }).notNull(),
    failure: text('failure', { enum: ATTACHMENT_FAILURES }),
    /** The provider's own words on a failure, for an admin reading the row. */
    failureDetail: text('failure_detail'),
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'set null' }),
    /** The provider's media id or URL on its own media host (InboundMedia.ref). */
    providerRef: text('provider_ref'),
    data: jsonb('data').$type<AttachmentData>(),
    position: integer('position').notNull(),
    /** Download attempts so far (SPEC §13's retry rule, counted from `createdAt`). */
    attempts: integer('attempts').notNull().default(0),
    downloadedAt: at('downloaded_at'),
    ...timestamps,
  },
  (t) => [index('attachments_message_idx').on(t.messageId, t.position)],
);
