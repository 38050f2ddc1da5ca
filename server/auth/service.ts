import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { verifyPassword } from './password';
import { toSessionUser, type SessionUser } from './session';

/**
 * Checks an email and password. A wrong email and a wrong password look the same to the caller,
 * so a login form never hints which part was wrong.
 */
export async function authenticate(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  if (!user) return null;
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return toSessionUser(user);
}
