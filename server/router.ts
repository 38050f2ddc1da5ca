import { conversationsRouter } from './conversations/router';
import { messagesRouter } from './messages/router';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  conversations: conversationsRouter,
  messages: messagesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
