import { openDatabase } from '@/db/client';
import { resolveAppKey } from '@/server/auth/secret';
import { readEnv } from '@/server/env';
import { isEmpty, seedDemo } from './demo';

/** `npm run db:seed`: migrates and seeds the demo workspace into an empty database. */
const env = readEnv();
// The server's own key, so it can open the credentials this seeds.
process.env.APP_KEY = await resolveAppKey(env.APP_KEY, env.DATA_DIR);
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: `${env.DATA_DIR}/pglite` });
try {
  await database.migrate();
  if (await isEmpty(database.db)) {
    await seedDemo(database.db, new Date());
    console.log(`Seeded the demo workspace into ${database.kind}.`);
  } else {
    console.log('The database already holds a workspace; nothing seeded.');
  }
} finally {
  await database.close();
}
