import { sql } from 'drizzle-orm';
import { customType, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at, id, timestamps } from './columns';
import { contacts } from './contacts';
import { conversationStatusEnum } from './enums';
import { teams } from './teams';
import { users } from './users';
import { workspaceId } from './workspaces';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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
    /**
     * Text search over the contact's name and email (weight A) and the conversation's messages
     * (weight D), kept by database triggers (migration 0009): the inbox filters by it row by row,
     * or through its GIN index, whichever the planner finds cheaper.
     */
    searchVector: tsvector('search_vector'),
    /** The campaign or flow the contact's reply was attributed to (SPEC §10). */
    attributedCampaign: text('attributed_campaign'),
    /**
     * Since when the contact has been waiting for a person: their first message after our last
     * person's reply (automations do not answer). Cleared by a person's reply and by closing.
     */
    waitingSince: at('waiting_since'),
    /** The most urgent open protocol deadline (pending or breached unmet): the inbox's default sort. */
    nextDueAt: at('next_due_at'),
    ...timestamps,
  },
  (t) => [
    // Inbox list orders, exactly as the queries write them (DESC means NULLS FIRST in PostgreSQL),
    // so a page is read in index order and stops after its rows.
    index('conversations_inbox_status_idx').on(t.workspaceId, t.status, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('conversations_inbox_assignee_idx').on(
      t.workspaceId,
      t.assigneeId,
      t.status,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('conversations_contact_channel_idx').on(t.contactId, t.channelId),
    index('conversations_search_idx').using('gin', t.searchVector),
    // Search across every status, newest first.
    index('conversations_inbox_recent_idx').on(t.workspaceId, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Most urgent first: walked in order, so a page stops after its rows.
    index('conversations_inbox_urgency_idx').on(t.workspaceId, t.status, t.nextDueAt.asc().nullsLast(), t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // One channel's conversations by urgency. With a label too, the page is the first rows of this
    // walk that carry it: as many rows as the label is rare, not as many as it marks (bench:inbox).
    index('conversations_inbox_channel_urgency_idx').on(
      t.channelId,
      t.status,
      t.nextDueAt.asc().nullsLast(),
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // An agent's default view, Mine + open by urgency: their rows only, already in order.
    index('conversations_inbox_mine_urgency_idx').on(
      t.workspaceId,
      t.assigneeId,
      t.status,
      t.nextDueAt.asc().nullsLast(),
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // The campaign filter's choices: only attributed conversations are in it.
    index('conversations_campaign_idx').on(t.workspaceId, t.attributedCampaign).where(sql`${t.attributedCampaign} is not null`),
    // Oldest waiting first, walked the same way.
    index('conversations_inbox_waiting_idx').on(t.workspaceId, t.status, t.waitingSince.asc().nullsLast(), t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);
