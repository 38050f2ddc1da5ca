import { bigint, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, id } from './columns';
import { workspaceId } from './workspaces';

/**
 * A stored file (SPEC §14): its bytes live in the storage (local disk or S3) under a key made of
 * their SHA-256, so the same bytes are stored once; a workspace has one row per distinct content.
 */
export const files = pgTable(
  'files',
  {
    id: id(),
    workspaceId: workspaceId(),
    sha256: text('sha256').notNull(),
    /** Sniffed from the bytes, never the provider's word. */
    mimeType: text('mime_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  // Dedupe: a second download of the same bytes finds the first row.
  (t) => [uniqueIndex('files_workspace_sha256_uq').on(t.workspaceId, t.sha256)],
);
