import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './client';
import { open, seal, sealedWithCurrentKey } from './secret-box';

/**
 * Seals with the current APP_KEY every channel secret that is not: rows from before encryption
 * (plain JSON) and rows sealed with a key now in APP_KEY_PREVIOUS. Run at start-up, so a
 * rotation is: set the new APP_KEY with the old one in APP_KEY_PREVIOUS, start once, drop the old.
 */
export async function resealChannelSecrets(db: Db): Promise<number> {
  const rows = await queryRows<{ id: string; secrets: string }>(db, sql`select id, secrets from channels`);
  let resealed = 0;
  for (const row of rows) {
    if (sealedWithCurrentKey(row.secrets)) continue;
    await db.execute(sql`update channels set secrets = ${seal(open(row.secrets))} where id = ${row.id}`);
    resealed++;
  }
  return resealed;
}
