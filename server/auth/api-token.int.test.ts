import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { createCaller } from '@/server/router';
import { userForApiToken } from './api-token';

/*
 * The database drops every backend between two requests (a restart, a failover, an admin):
 * the pooled connections are stale, and the next token lookup must still answer. Only a real
 * PostgreSQL has backends to terminate.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('API token lookup after PostgreSQL dropped its connections', () => {
  let database: Database;
  let ws: TestWorkspace;
  let admin: postgres.Sql;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    ws = await createTestWorkspace(database.db, 'stale');
    admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin.end();
    await database.close();
  });

  it('answers the read on a fresh connection, once per stale one', async () => {
    const { token } = await createCaller({ db: database.db, clock: { now: () => new Date() }, user: ws.admin }).apiTokens.create({ name: 'stale pool' });
    const bearer = `Bearer ${token}`;
    // Fill the pool, so several of its connections go stale at once.
    await Promise.all(Array.from({ length: 5 }, () => userForApiToken(database.db, bearer)));
    const [{ name } = { name: '' }] = await queryRows<{ name: string }>(database.db, sql`select current_database() as name`);
    const terminated = await admin`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = ${name}`;
    expect(terminated.length).toBeGreaterThan(0);

    for (let read = 0; read < 5; read++) expect(await userForApiToken(database.db, bearer)).toMatchObject({ id: ws.admin.id });
  });
});
