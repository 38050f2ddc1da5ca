import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { demoUsers } from '@/db/seed/demo-data';

/** Whether the demo's logins exist here: only then does the login page offer them, never on a real team's install. */
export async function demoLoginsExist(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoUsers[0]!.email)).limit(1);
  return row !== undefined;
}
