import type { SessionUser } from './session';

declare module 'next-auth' {
  interface Session {
    user: SessionUser;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    user?: SessionUser;
    /** The server-side session (db/schema/sessions.ts) this cookie stands for. */
    sessionId?: string;
  }
}
