import postgres from 'postgres';

/** Creates the PostgreSQL database a bench URL names when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const adminUrl = new URL(url);
  const dbName = adminUrl.pathname.slice(1);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  if ((await admin`select 1 from pg_database where datname = ${dbName}`).length === 0) await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
}
