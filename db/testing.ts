import { randomBytes } from 'node:crypto';
import type { Logger } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database, type DatabaseKind } from './client';

/*
 * Databases for integration tests: an in-memory PGlite always, and a real PostgreSQL when
 * TEST_DATABASE_URL is set. Each test file gets its own empty, migrated database.
 */
export const testDatabaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** `logger` sees every statement (a test counting what an operation costs). */
export async function openTestDatabase(kind: DatabaseKind, opts: { logger?: Logger } = {}): Promise<Database> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: null, logger: opts.logger });
    await database.migrate();
    return database;
  }
  const { url, drop } = await createTestPostgres();
  const database = await openDatabase({ url, dataDir: null, logger: opts.logger });
  await database.migrate();
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** An empty PostgreSQL database on TEST_DATABASE_URL's server, for tests that need its URL (several processes). */
export async function createTestPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cadence_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
