import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations } from '@/db/schema';

/** At most this many matches are listed from their ids; more are found walking the list in order. */
export const FEW_MATCHES = 1000;

/**
 * How many conversations, newest first, a newest-first search looks through for its page before
 * asking the text index: a common word fills its page within them, whatever the workspace's size.
 */
export const SEARCH_WINDOW = 10_000;

type Search = { kind: 'phone'; digits: string } | { kind: 'text'; query: string } | { kind: 'nothing' };

/** How a search term is matched: a phone number by its last digits, anything else as words. */
export function parseSearch(term: string): Search {
  // A leading international `00` is the `+` of the stored number (0034 611… is +34 611…).
  const digits = term.trim().replace(/^00/, '+').replace(/\D/g, '');
  // A term with no letters is a phone number, whatever its formatting.
  if (!/\p{L}/u.test(term) && digits.length >= 3) return { kind: 'phone', digits };
  const words = term
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}@._]/gu, '').replace(/^[._@]+|[._@]+$/g, ''))
    .filter(Boolean);
  if (words.length === 0) return { kind: 'nothing' };
  // Only the word being typed (the last) matches by prefix; an address is one whole word.
  const terms = words.map((w, i) => (i === words.length - 1 && !/@.+\./.test(w) ? `${w}:*` : w));
  return { kind: 'text', query: terms.join(' & ') };
}

/**
 * Contact name and email, and message text: one vector per conversation (kept by triggers), its
 * words folded like the query's by `search_fold` (no accents, lower case: migration 0013).
 */
export const textMatch = (query: string, vector: SQLWrapper = conversations.searchVector) => sql`${vector} @@ to_tsquery('simple', search_fold(${query}))`;

/**
 * The reversed phone numbers ending in `digits`, as a range of the suffix index (text_pattern_ops).
 * A range, not `like $1 || '%'`: after five runs PostgreSQL may plan a prepared statement once for
 * any value, and such a plan cannot bound the index by a pattern it has not seen, so it read every
 * contact (91 ms at 100,000 with the plan forced, against 0.6 ms through the index: bench/README).
 */
export function phoneSuffixRange(digits: string): { from: string; to: string } {
  const from = [...digits].reverse().join('');
  // Digits only: the next character after the last one bounds every longer number.
  return { from, to: from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1) };
}

/**
 * The condition a search adds to the inbox list. `hits` are the matching ids when `searchHits`
 * found few, so the list reads just those rows instead of filtering the list order.
 */
export function searchCondition(workspaceId: string, search: Search, hits: string[] | null): SQL {
  if (search.kind === 'nothing') return sql`false`;
  if (search.kind === 'phone') {
    const { from, to } = phoneSuffixRange(search.digits);
    return sql`${conversations.contactId} in (select id from contacts where workspace_id = ${workspaceId} and reverse(phone_digits) ~>=~ ${from} and reverse(phone_digits) ~<~ ${to})`;
  }
  // Ours, from the database: uuids, safe to write as one array literal (one parameter, not 1,000).
  if (hits) return sql`${conversations.id} = any(${`{${hits.join(',')}}`}::uuid[])`;
  return textMatch(search.query);
}

/**
 * The conversations a text search matches, through the text index, when there are at most
 * FEW_MATCHES of them; null when there are more (or the search is not text).
 *
 * Why we ask first: PostgreSQL's statistics on the vector keep only its common words, so for a
 * rare one (an email, a name nobody has) it guesses hundreds of matches and walks the newest-first
 * list filtering all 100,000 rows (130 ms) instead of asking the index (under 1 ms). Few matches
 * are read by id and sorted; many are dense enough that the walk finds a page quickly. The index
 * builds the whole bitmap of a word before answering, so a common word costs all its matches
 * (138 ms for one in every conversation of a million): a newest-first list looks through its
 * SEARCH_WINDOW first (`textSearchHits` in service.ts) and asks here only when that found no page.
 */
export async function searchHits(db: Db, workspaceId: string, search: Search): Promise<string[] | null> {
  if (search.kind !== 'text') return null;
  const rows = await searchHitsQuery(db, workspaceId, search.query);
  return rows.length > FEW_MATCHES ? null : rows.map((r) => r.id);
}

/** The query behind `searchHits`, unexecuted: the benchmark explains it. */
export function searchHitsQuery(db: Db, workspaceId: string, query: string) {
  return db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), textMatch(query)))
    .limit(FEW_MATCHES + 1);
}
