import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at, id, timestamps } from './columns';
import { contacts } from './contacts';
import { conversationStatusEnum } from './enums';
import { teams } from './teams';
import { users } from './users';
import { workspaceId } from './workspaces';

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    workspaceId: workspaceId(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    status: conversationStatusEnum('status').notNull().default('open'),
    snoozedUntil: at('snoozed_until'),
    /** Provider timestamp of the contact's last message: the channel window starts here. */
    lastInboundAt: at('last_inbound_at'),
    lastOutboundAt: at('last_outbound_at'),
    /** When the contact's last message reached us (our clock): unread compares against this, not the provider's time. */
    lastInboundArrivedAt: at('last_inbound_arrived_at'),
    /** Newest message either way; the inbox sorts by it. */
    // Millisecond precision, like every time we write from JS, so keyset cursors never skip a row.
    lastMessageAt: at('last_message_at')
      .notNull()
      .default(sql`date_trunc('milliseconds', now())`),
    lastMessagePreview: text('last_message_preview'),
    /** The campaign or flow the contact's reply was attributed to (SPEC §10). */
    attributedCampaign: text('attributed_campaign'),
    /** The most urgent open protocol deadline (pending or breached unmet): the inbox's default sort. */
    nextDueAt: at('next_due_at'),
    ...timestamps,
  },
  (t) => [
    // Inbox list: All / Unassigned / Mine within one status, newest activity first (keyset on id).
    index('conversations_inbox_status_idx').on(t.workspaceId, t.status, t.lastMessageAt.desc(), t.id),
    index('conversations_inbox_assignee_idx').on(
      t.workspaceId,
      t.assigneeId,
      t.status,
      t.lastMessageAt.desc(),
      t.id,
    ),
    index('conversations_contact_channel_idx').on(t.contactId, t.channelId),
    index('conversations_inbox_urgency_idx').on(t.workspaceId, t.status, t.nextDueAt, t.id),
  ],
);
