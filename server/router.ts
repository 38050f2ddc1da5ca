import { attributionRouter } from './attribution/router';
import { auditRouter } from './audit/router';
import { apiTokensRouter } from './auth/router';
import { channelsRouter, deadLettersRouter } from './channels/router';
import { filesRouter } from './files/router';
import { followupsRouter } from './followups/router';
import { smsRouter } from './sms/router';
import { contactsRouter } from './contacts/router';
import { conversationsRouter } from './conversations/router';
import { messagesRouter } from './messages/router';
import { notesRouter } from './notes/router';
import { notificationsRouter } from './notifications/router';
import { protocolsRouter } from './protocols/router';
import { teamRouter } from './team/router';
import { teamsRouter } from './teams/router';
import { linksRouter, peopleRouter, profileRouter } from './users/router';
import { templatesRouter } from './templates/router';
import { threadRouter } from './thread/router';
import { createCallerFactory, router } from './trpc';
import { windowsRouter } from './windows/router';
import { workspaceRouter } from './workspace/router';
import { setupRouter } from './workspaces/router';

export const appRouter = router({
  conversations: conversationsRouter,
  messages: messagesRouter,
  windows: windowsRouter,
  templates: templatesRouter,
  apiTokens: apiTokensRouter,
  protocols: protocolsRouter,
  team: teamRouter,
  teams: teamsRouter,
  profile: profileRouter,
  people: peopleRouter,
  links: linksRouter,
  setup: setupRouter,
  contacts: contactsRouter,
  notes: notesRouter,
  notifications: notificationsRouter,
  attribution: attributionRouter,
  deadLetters: deadLettersRouter,
  channels: channelsRouter,
  workspace: workspaceRouter,
  audit: auditRouter,
  followups: followupsRouter,
  files: filesRouter,
  sms: smsRouter,
  thread: threadRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
