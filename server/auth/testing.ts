import type { NextApiRequest, NextApiResponse } from 'next';
import type { User } from 'next-auth';
import { encode, type JWT } from 'next-auth/jwt';
import { getServerSession } from 'next-auth/next';
import type { CredentialsConfig } from 'next-auth/providers/credentials';
import { authOptions } from './options';
import type { SessionUser } from './session';

/*
 * Signing in and reading a session exactly as next-auth's routes do, for integration tests:
 * the credentials provider's authorize, the jwt callback that starts a server-side session, and
 * getServerSession over a request carrying the cookie. They need the database set
 * (setDatabase) and AUTH_SECRET in the environment.
 */

const credentials = authOptions.providers[0] as CredentialsConfig;

/** What the login form's sign-in gets: the user, null for a wrong email or password; next-auth's errors are thrown. */
export const signInWithPassword = (email: string, password: string, address = '198.51.100.200'): Promise<User | null> =>
  Promise.resolve(credentials.options.authorize({ email, password }, { headers: { 'x-forwarded-for': address }, method: 'POST' }));

/** The token a session cookie holds once `user` has signed in (a new server-side session). */
export const signedInToken = async (user: SessionUser): Promise<JWT> => authOptions.callbacks!.jwt!({ token: {}, user, account: null });

/** What a page or a tRPC call sees for a request carrying this token's cookie: null once the session is refused. */
export async function sessionOf(token: JWT) {
  const cookies = { 'next-auth.session-token': await encode({ token, secret: process.env.AUTH_SECRET! }) };
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  return getServerSession({ headers: {}, cookies } as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions);
}
