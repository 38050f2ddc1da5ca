import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from './client';
import { openTestDatabase, testDatabaseKinds } from './testing';

describe.each(testDatabaseKinds)('app connections (%s)', (kind) => {
  // PGlite is built without LLVM, so it never compiles whatever its setting says.
  it.skipIf(kind === 'pglite')('plan without JIT compilation', async () => {
    const database = await openTestDatabase(kind);
    try {
      expect(await queryRows<{ jit: string }>(database.db, sql`show jit`)).toEqual([{ jit: 'off' }]);
    } finally {
      await database.close();
    }
  });
});

describe('the embedded database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(() => database.close());

  it('lets the event loop turn between two statements, so sockets are read during a long chain of them', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    let before = 0;
    for (; before < 50 && !turned; before++) await database.db.execute(sql`select 1`);
    expect(turned).toBe(true);
    expect(before).toBeLessThanOrEqual(1);
  });

  it('does the same inside a transaction', async () => {
    const statementsBeforeTurn = await database.db.transaction(async (tx) => {
      let turned = false;
      setImmediate(() => (turned = true));
      let before = 0;
      for (; before < 50 && !turned; before++) await tx.execute(sql`select 1`);
      return before;
    });
    expect(statementsBeforeTurn).toBeLessThanOrEqual(1);
  });
});
