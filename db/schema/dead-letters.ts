import { customType, index, jsonb, pgTable, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at, id } from './columns';
import { workspaceId } from './workspaces';

/** The exact bytes of a request: `text` could not hold a NUL byte, and the point is to keep what PostgreSQL refused. */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** One message (or status) of a webhook that could never be stored, and why. */
export type DeadLetterFailure = { providerMessageId: string | null; reason: string };

/**
 * A webhook with messages that no retry could store (SPEC §11: a webhook is answered 200 and
 * its other messages stored), kept as it arrived for an admin to look at.
 */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: id(),
    workspaceId: workspaceId(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    payload: bytes('payload').notNull(),
    failures: jsonb('failures').$type<DeadLetterFailure[]>().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  // The admins' list: newest first per workspace.
  (t) => [index('dead_letters_workspace_created_idx').on(t.workspaceId, t.createdAt.desc())],
);
