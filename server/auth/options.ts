import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { systemClock } from '@/server/clock';
import { config } from '@/server/env';
import { clientAddress } from './client-address';
import { authenticate } from './service';
import { SessionUserSchema } from './session';
import { throttledSignal } from './throttle';

const CredentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1) });

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: config().AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Behind https the session cookie is `Secure` (and `__Secure-` prefixed): never sent over plain http.
  useSecureCookies: config().PUBLIC_URL.startsWith('https://'),
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(raw, req) {
        const parsed = CredentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await authenticate(getDb(), systemClock, { ...parsed.data, address: clientAddress(req.headers) });
        if (result.ok) return result.user;
        // A thrown error reaches the login form as signIn()'s `error`: it says when to try again.
        if (result.throttledUntil) throw new Error(throttledSignal(result.throttledUntil));
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // On sign-in `user` is what authorize returned; later calls keep the token as it is.
      if (user) token.user = SessionUserSchema.parse(user);
      return token;
    },
    session({ session, token }) {
      return { ...session, user: SessionUserSchema.parse(token.user) };
    },
  },
};
