import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts } from '@/db/schema';
import { contactVisibleTo, loadReadableContact } from '@/server/access/contacts';
import type { SessionUser } from '@/server/auth/session';
import { parseSearch, phoneSuffixRange } from '@/server/conversations/search';
import type { Effects } from '@/server/effects/unit-of-work';
import { decodeCursor, keysetPage } from '@/server/pagination/cursor';
import type { ApiContact, ContactValues } from './schemas';

/*
 * Contacts as integrators read and edit them (SPEC §11), with the access rule of the side panel:
 * a contact of whom the user may read one conversation (supervisors and above: any).
 */

type Row = typeof contacts.$inferSelect;

const toApiContact = (c: Row): ApiContact => ({
  id: c.id,
  name: c.name,
  phone: c.phone,
  email: c.email,
  timeZone: c.timeZone,
  locale: c.locale,
  consent: c.consent,
  blocked: c.blocked,
  createdAt: c.createdAt.toISOString(),
});

/** Name or email by their words (accents and case folded), a phone number by its last digits. */
function searchOf(term: string) {
  const search = parseSearch(term);
  if (search.kind === 'nothing') return sql`false`;
  if (search.kind === 'phone') {
    const { from, to } = phoneSuffixRange(search.digits);
    return sql`reverse(${contacts.phoneDigits}) ~>=~ ${from} and reverse(${contacts.phoneDigits}) ~<~ ${to}`;
  }
  return sql`to_tsvector('simple', public.search_fold(${contacts.name} || ' ' || coalesce(${contacts.email}, ''))) @@ to_tsquery('simple', search_fold(${search.query}))`;
}

export async function listContacts(db: Db, user: SessionUser, input: { search?: string; cursor?: string; limit: number }) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db
    .select()
    .from(contacts)
    .where(
      and(
        contactVisibleTo(db, user),
        input.search ? searchOf(input.search) : undefined,
        after ? or(lt(contacts.createdAt, after.at), and(eq(contacts.createdAt, after.at), lt(contacts.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (c) => ({ at: c.createdAt, id: c.id }), toApiContact);
}

export async function getContact(db: Db, user: SessionUser, contactId: string): Promise<ApiContact> {
  return toApiContact(await loadReadableContact(db, user, contactId));
}

/** Edits the fields given; every screen showing one of the contact's conversations is told. */
export async function updateContact(db: Db, user: SessionUser, contactId: string, values: Partial<ContactValues>, fx: Effects): Promise<ApiContact> {
  const contact = await loadReadableContact(db, user, contactId);
  // A name a person chose is theirs: a provider's profile never replaces it afterwards.
  const changes = values.name !== undefined && values.name !== contact.name ? { ...values, nameEdited: true } : values;
  const [row] = Object.keys(changes).length > 0 ? await db.update(contacts).set(changes).where(eq(contacts.id, contact.id)).returning() : [contact];
  fx.add({ kind: 'contact.activity', contactId });
  return toApiContact(row!);
}
