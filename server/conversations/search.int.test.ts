import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import type { SessionUser } from '@/server/auth/session';
import type { ListConversationsInput } from './schemas';
import { FEW_MATCHES, parseSearch, SEARCH_WINDOW, searchHits } from './search';
import { listConversations, listQuery, textSearchHits } from './service';

const NOW = new Date('2026-11-21T12:00:00Z');
const MANY = FEW_MATCHES + 60;

/*
 * A newest-first search first looks for its page among the newest conversations (its window); a
 * search with few matches reads them by id; one with many filters the list in order. All must
 * list exactly what the plain filter lists, in the same order, page after page.
 */
describe.each(testDatabaseKinds)('text search, few or many matches (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let lead: SessionUser;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind, { logger: { logQuery: (query) => statements.push(query) } });
    ws = await createTestWorkspace(database.db, `search${kind}`);
    lead = ws.supervisor;
    // MANY contacts named "Frecuente", every seventh also "Rara"; one conversation each, a minute apart.
    await database.db.execute(sql`
      insert into contacts (workspace_id, name, email)
      select ${ws.workspace.id}, 'Frecuente ' || case when i % 7 = 0 then 'Rara ' else '' end || i, 'f' || i || '@search.test'
      from generate_series(1, ${MANY}) i`);
    await database.db.execute(sql`
      insert into conversations (workspace_id, channel_id, contact_id, status, last_message_at, next_due_at)
      select c.workspace_id, ${ws.sandbox.id}, c.id, 'open',
             ${NOW.toISOString()}::timestamptz - n.i * interval '1 minute',
             case when n.i % 3 = 0 then ${NOW.toISOString()}::timestamptz + (n.i % 50) * interval '1 hour' end
      from contacts c cross join lateral (select substring(c.email from 'f([0-9]+)@')::int as i) n
      where c.workspace_id = ${ws.workspace.id} and c.email like '%@search.test'`);
  });
  afterAll(() => database.close());

  /** Every page of a view through `listConversations`, as ids. */
  async function allPages(input: Omit<ListConversationsInput, 'cursor'>, window = SEARCH_WINDOW) {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = await listConversations(database.db, lead, { ...input, cursor }, NOW, window);
      ids.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }
  /** The same view in one query with the plain text filter (no ids asked first). */
  async function filtered(input: Omit<ListConversationsInput, 'cursor' | 'limit'>) {
    const rows = await listQuery(database.db, lead, { ...input, limit: 99_999 }, NOW);
    return rows.map((r) => r.c.id);
  }

  it('asks the index for the ids of a rare word; a common one has too many to list', async () => {
    const rare = await searchHits(database.db, ws.workspace.id, parseSearch('rara'));
    expect(rare).toHaveLength(Math.floor(MANY / 7));
    expect(await searchHits(database.db, ws.workspace.id, parseSearch('frecuente'))).toBeNull();
    expect(await searchHits(database.db, ws.workspace.id, parseSearch('f14@search.test'))).toHaveLength(1);
    expect(await searchHits(database.db, ws.workspace.id, parseSearch('nadie'))).toEqual([]);
    // A phone number is matched by its digits, never through the text index.
    expect(await searchHits(database.db, ws.workspace.id, parseSearch('600 11 22'))).toBeNull();
  });

  it('finds a newest-first page of a common word in its window, and asks the index when the window holds no page', async () => {
    const view = { tab: 'all' as const, status: 'open' as const, sort: 'newest' as const, limit: 40 };
    const common = await textSearchHits(database.db, lead, { ...view, search: 'frecuente' }, NOW, 100);
    expect(common).toEqual((await filtered({ ...view, search: 'frecuente' })).slice(0, 41));
    // One in seven: 14 in a window of 100, short of a page of 40, so the index lists all of them.
    const rare = await textSearchHits(database.db, lead, { ...view, search: 'rara' }, NOW, 100);
    expect(rare).toHaveLength(Math.floor(MANY / 7));
    expect(await textSearchHits(database.db, lead, { ...view, search: 'rara' }, NOW)).toHaveLength(41);
    // Another order has no window: too many to list from ids.
    expect(await textSearchHits(database.db, lead, { ...view, sort: 'urgent', search: 'frecuente' }, NOW)).toBeNull();
  });

  it('lists a page in one statement, with its labels and deadlines; a search adds what it asks first', async () => {
    const view = { tab: 'all' as const, status: 'open' as const, limit: 40 };
    const count = async (input: ListConversationsInput) => {
      statements.length = 0;
      await listConversations(database.db, lead, input, NOW);
      return statements.length;
    };
    expect(await count({ ...view, sort: 'urgent' })).toBe(1);
    // A common word: its window, then the page read by id.
    expect(await count({ ...view, sort: 'newest', search: 'frecuente' })).toBe(2);
    // A rare one: the window holds no page, so the index is asked too.
    expect(await count({ ...view, sort: 'newest', search: 'f14@search.test' })).toBe(3);
  });

  // A window of 100 holds a page of the common word, not of the rare one: both ways are paged through.
  for (const [sort, window] of [['newest', SEARCH_WINDOW], ['newest', 100], ['urgent', SEARCH_WINDOW]] as const) {
    it(`lists the same rows in the same order either way, page after page (${sort}, window of ${window})`, async () => {
      for (const search of ['rara', 'frecuente', 'frecuente rar', 'f14@search.test']) {
        const view = { tab: 'all' as const, status: 'open' as const, sort, search };
        const paged = await allPages({ ...view, limit: 40 }, window);
        expect(new Set(paged).size).toBe(paged.length);
        expect(paged).toEqual(await filtered(view));
      }
      expect(await allPages({ tab: 'all', sort, search: 'frecuente', limit: 100 }, window)).toHaveLength(MANY);
    });
  }
});
