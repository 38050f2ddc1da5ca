import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getDb } from '@/db/client';
import { currentUser } from '@/server/auth/current-user';
import { systemClock } from '@/server/clock';
import { appRouter } from '@/server/router';

export const dynamic = 'force-dynamic';

const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: async () => ({ db: getDb(), clock: systemClock, user: await currentUser() }),
  });

export { handler as GET, handler as POST };
