import { getServerSession } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { needsSetup } from '@/server/workspaces/create';
import { authOptions } from './options';
import type { SessionUser } from './session';

/** The signed-in user of a server component or route handler, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
}

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/**
 * The signed-in user of a page; anyone else is sent on: to `/setup` while the installation has
 * nobody (the first run), to the login page otherwise, with `?ended=1` when they still carry a
 * session cookie that is no longer honoured (signed out elsewhere, expired, deactivated), so it
 * can say why.
 */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (user) return user;
  if (await needsSetup(getDb())) redirect('/setup');
  const jar = await cookies();
  redirect(SESSION_COOKIES.some((name) => jar.has(name)) ? '/login?ended=1' : '/login');
}
