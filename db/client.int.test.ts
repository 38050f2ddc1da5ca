import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from './client';
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
