import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client';
import { fromJson, jsonOf } from './json-columns';
import { preparedFor, runRendered } from './prepared';
import { channels } from './schema';
import { createTestWorkspace } from './seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from './testing';

describe.each(testDatabaseKinds)('statements prepared once per database (%s)', (kind) => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    [a, b] = await Promise.all([openTestDatabase(kind), openTestDatabase(kind)]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const byPublicId = (database: Database, built: { count: number }) =>
    preparedFor(database.db, 'test-channel-name', (db) => {
      built.count += 1;
      return db.select({ name: channels.name }).from(channels).where(eq(channels.publicId, sql.placeholder('publicId'))).prepare('test_channel_name');
    });

  it('builds a statement once for its database, and again for another one', () => {
    const built = { count: 0 };
    expect(byPublicId(a, built)).toBe(byPublicId(a, built));
    expect(built.count).toBe(1);
    expect(byPublicId(b, built)).not.toBe(byPublicId(a, built));
    expect(built.count).toBe(2);
  });

  it('reads the rows as they are at each run, with each run’s values, in its own database', async () => {
    const ws = await createTestWorkspace(a.db, 'prepared');
    const other = await createTestWorkspace(b.db, 'prepared-b');
    const built = { count: 0 };
    // More runs than PostgreSQL's five before it may switch to a generic plan.
    for (let i = 0; i < 7; i++) {
      await a.db.update(channels).set({ name: `name ${i}` }).where(eq(channels.id, ws.sandbox.id));
      expect(await byPublicId(a, built).execute({ publicId: ws.sandbox.publicId })).toEqual([{ name: `name ${i}` }]);
    }
    expect(await byPublicId(a, built).execute({ publicId: other.sandbox.publicId })).toEqual([]);
    expect(await byPublicId(b, built).execute({ publicId: other.sandbox.publicId })).toEqual([{ name: other.sandbox.name }]);
  });

  // A transaction's uncommitted row is seen only by a statement run in that transaction's own session.
  it('renders a statement once and runs it in the session it is given, a transaction included, with each run’s values', async () => {
    const ws = await createTestWorkspace(a.db, 'rendered');
    let builds = 0;
    const columns = { name: channels.name, createdAt: channels.createdAt };
    const statement = () => {
      builds += 1;
      return sql`select ${jsonOf('channels', columns)} as channel from ${channels} where ${channels.publicId} = ${sql.placeholder('publicId')}`;
    };
    const run = async (db: Database['db'], publicId: string) => {
      const rows = await runRendered<{ channel: Record<string, unknown> | null }>(db, `test_rendered_channel_${kind}`, statement, { publicId });
      return rows.map((r) => fromJson(columns, r.channel));
    };
    const [stored] = await a.db.select({ createdAt: channels.createdAt }).from(channels).where(eq(channels.id, ws.sandbox.id));
    for (let i = 0; i < 7; i++) {
      const seen = await a.db.transaction(async (tx) => {
        await tx.update(channels).set({ name: `in tx ${i}` }).where(eq(channels.id, ws.sandbox.id));
        return run(tx, ws.sandbox.publicId);
      });
      expect(seen).toEqual([{ name: `in tx ${i}`, createdAt: stored!.createdAt }]);
      expect(seen[0]!.createdAt).toBeInstanceOf(Date);
    }
    expect(await run(a.db, 'no-such-channel')).toEqual([]);
    expect(builds).toBe(1);
  });
});
