import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at, id, timestamps } from './columns';
import { consentEnum } from './enums';
import { workspaceId } from './workspaces';

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    /** A person on our side changed the name: what a provider says of the contact never overwrites it. */
    nameEdited: boolean('name_edited').notNull().default(false),
    phone: text('phone'),
    /** The phone's digits only, so "+34 600 11 22 33" and "600112233" find each other. */
    phoneDigits: text('phone_digits').generatedAlwaysAs(sql`regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')`),
    email: text('email'),
    timeZone: text('time_zone'),
    locale: text('locale'),
    consent: consentEnum('consent').notNull().default('unknown'),
    blocked: boolean('blocked').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('contacts_workspace_idx').on(t.workspaceId),
    // Phones are searched by their last digits: reversed, "ends with" becomes an indexed prefix match.
    index('contacts_phone_suffix_idx').using('btree', t.workspaceId, sql`reverse(${t.phoneDigits}) text_pattern_ops`),
    // Search by name and email with PostgreSQL's text search.
    index('contacts_search_fts_idx').using('gin', sql`to_tsvector('simple', ${t.name} || ' ' || coalesce(${t.email}, ''))`),
    // The contacts API's search, accents and case folded like the inbox's (migration 0013). Schema-named:
    // PostgreSQL 17 builds indexes with a search_path of pg_catalog only.
    index('contacts_search_folded_idx').using('gin', sql`to_tsvector('simple', public.search_fold(${t.name} || ' ' || coalesce(${t.email}, '')))`),
  ],
);

/** How a contact is known on one channel (a phone number, a page-scoped id, a chat id...). */
export const contactIdentities = pgTable(
  'contact_identities',
  {
    id: id(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    /**
     * LINE: the reply token of the contact's latest message and LINE's time of it. A reply with it
     * is free, but it is good for about a minute and only once: the delivery worker takes it.
     */
    replyToken: text('reply_token'),
    replyTokenAt: at('reply_token_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('contact_identities_channel_external_uq').on(t.channelId, t.externalId),
    index('contact_identities_contact_idx').on(t.contactId),
  ],
);
