import { attributionRouter } from './attribution/router';
import { apiTokensRouter } from './auth/router';
import { deadLettersRouter } from './channels/router';
import { contactsRouter } from './contacts/router';
import { conversationsRouter } from './conversations/router';
import { messagesRouter } from './messages/router';
import { notesRouter } from './notes/router';
import { notificationsRouter } from './notifications/router';
import { protocolsRouter } from './protocols/router';
import { teamRouter } from './team/router';
import { profileRouter } from './users/router';
import { templatesRouter } from './templates/router';
import { createCallerFactory, router } from './trpc';
import { windowsRouter } from './windows/router';

export const appRouter = router({
  conversations: conversationsRouter,
  messages: messagesRouter,
  windows: windowsRouter,
  templates: templatesRouter,
  apiTokens: apiTokensRouter,
  protocols: protocolsRouter,
  team: teamRouter,
  profile: profileRouter,
  contacts: contactsRouter,
  notes: notesRouter,
  notifications: notificationsRouter,
  attribution: attributionRouter,
  deadLetters: deadLettersRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
