import { getServerSession } from 'next-auth';
import { authOptions } from './options';
import type { SessionUser } from './session';

/** The signed-in user of a server component or route handler, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
}
