import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { contacts } from './contacts';
import { workspaceId } from './workspaces';

export const contactEvents = pgTable(
  'contact_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    occurredAt: at('occurred_at').notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    /** A campaign or flow send is judged by the attribution window in force when it was recorded (SPEC §10). */
    attributionWindowHours: integer('attribution_window_hours'),
    ...timestamps,
  },
  (t) => [
    index('contact_events_contact_idx').on(t.contactId, t.occurredAt.desc()),
    // The attribution report: a workspace's sends, bookings and orders of a period.
    index('contact_events_workspace_type_idx').on(t.workspaceId, t.type, t.occurredAt),
  ],
);
