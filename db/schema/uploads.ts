import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { files } from './files';
import { users } from './users';
import { OUTBOUND_FILE_KINDS } from './values';
import { workspaceId } from './workspaces';

/**
 * A file a person or a program uploaded to send (`POST /api/files`, `POST /api/v1/files`): its
 * stored bytes and what they go out as, usable by its workspace's sends until `expiresAt`. A
 * send copies it into the message's attachments; the upload itself is never served.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: OUTBOUND_FILE_KINDS }).notNull(),
    mimeType: text('mime_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    fileName: text('file_name'),
    caption: text('caption'),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('uploads_workspace_expires_idx').on(t.workspaceId, t.expiresAt)],
);
