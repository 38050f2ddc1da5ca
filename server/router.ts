import { apiTokensRouter } from './auth/router';
import { conversationsRouter } from './conversations/router';
import { messagesRouter } from './messages/router';
import { templatesRouter } from './templates/router';
import { createCallerFactory, router } from './trpc';
import { windowsRouter } from './windows/router';

export const appRouter = router({
  conversations: conversationsRouter,
  messages: messagesRouter,
  windows: windowsRouter,
  templates: templatesRouter,
  apiTokens: apiTokensRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
