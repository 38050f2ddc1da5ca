import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { withEffects } from '@/server/app/flush';
import { systemClock } from '@/server/clock';
import { config } from '@/server/env';
import { clientAddress } from './client-address';
import { authenticate } from './service';
import { DEACTIVATED_SIGNAL, SessionUserSchema } from './session';
import { throttledSignal } from './throttle';
import { endSession, SESSION_MAX_AGE_MS, sessionUser, startSession } from './sessions';

const CredentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1) });

export const SESSION_MAX_AGE_SECONDS = SESSION_MAX_AGE_MS / 1000;

/** A cookie whose server-side session is gone: next-auth then answers "no session" and clears it. */
class SessionEnded extends Error {
  constructor() {
    super('the session was signed out or has expired');
    this.name = 'SessionEnded';
  }
}

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
        if (result.deactivated) throw new Error(DEACTIVATED_SIGNAL);
        return null;
      },
    }),
  ],
  callbacks: {
    // Every read of the session (pages, tRPC, /api/auth/session) passes here: on sign-in `user`
    // is what authorize returned; later, the user is read again with their session's row.
    async jwt({ token, user }) {
      const now = systemClock.now();
      if (user) {
        const signedIn = SessionUserSchema.parse(user);
        return { ...token, user: signedIn, sessionId: await startSession(getDb(), signedIn.id, now) };
      }
      const current = await sessionUser(getDb(), token.sessionId, now);
      if (!current) throw new SessionEnded();
      return { ...token, user: current };
    },
    session({ session, token }) {
      return { ...session, user: SessionUserSchema.parse(token.user) };
    },
  },
  events: {
    async signOut({ token }) {
      const db = getDb();
      await withEffects(db, (fx) => endSession(db, token?.sessionId, systemClock.now(), fx));
    },
  },
  logger: {
    // An ended session is an answer ("signed out"), not a server error worth a stack trace.
    error(code, metadata) {
      if (metadata instanceof SessionEnded) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
};
