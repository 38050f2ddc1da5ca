import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { withEffects } from './app/flush';
import { loadReadableConversation } from './access/conversations';
import { isAdmin, isLead, isManager } from './access/roles';
import type { SessionUser } from './auth/session';
import type { Clock } from './clock';
import { ConversationIdInput } from './conversations/schemas';
import { AppError } from './errors';
import { describeIssues, issueCode, unstorableField, unstorableMessage } from './validation';

export type Context = { db: Db; clock: Clock; user: SessionUser | null };

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // An input error reads like REST's, `field: what is wrong`, not as zod's JSON dump of issues
    // (only the caller's input: a ZodError inside a procedure is ours, an internal error).
    const invalid = error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError ? error.cause : null;
    return {
      ...shape,
      message: invalid ? describeIssues(invalid) : shape.message,
      data: {
        ...shape.data,
        // The domain code (e.g. WINDOW_CLOSED) for the UI to explain; field errors for forms.
        appCode: error.cause instanceof AppError ? error.cause.code : null,
        details: error.cause instanceof AppError ? (error.cause.details ?? null) : null,
        fieldErrors: invalid ? z.flattenError(invalid).fieldErrors : null,
        // The same problems as codes and bounds, for the UI to say them in the reader's language.
        issues: invalid ? invalid.issues.map(issueCode) : null,
      },
    };
  },
});

/** Maps every AppError to its tRPC code once, so no procedure needs its own try/catch. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
  }
  return result;
});

/** Every call records its effects in `ctx.fx`; they are told to the screens once its writes have committed. */
const effects = t.middleware(({ ctx, next }) => withEffects(ctx.db, (fx) => next({ ctx: { ...ctx, fx } })));

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Text the database cannot store is refused whole, naming the field, before any schema or write. */
const storable = t.middleware(async ({ getRawInput, next }) => {
  const unstorable = unstorableField(await getRawInput());
  if (unstorable) throw new AppError('INVALID_INPUT', unstorableMessage(unstorable));
  return next();
});

/** Anyone, signed in or not: the first run, and accepting an invitation or a password-reset link (the link's token is the credential). */
export const publicProcedure = t.procedure.use(effects).use(appErrors).use(storable);

/** A signed-in user; `ctx.user` carries their workspace and role for every query's scope. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Workspace owners only: users, roles, API tokens. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!isAdmin(ctx.user.role)) throw new AppError('FORBIDDEN', 'Only admins may do this.');
  return next();
});

/** Supervisors, managers and admins: the team view, excusing breaches. */
export const leadProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!isLead(ctx.user.role)) throw new AppError('FORBIDDEN', 'Only supervisors and above may do this.');
  return next();
});

/** Managers and admins: protocols, templates, channels. */
export const managerProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!isManager(ctx.user.role)) throw new AppError('FORBIDDEN', 'Only managers and admins may do this.');
  return next();
});

/**
 * A procedure about one conversation (its input has `conversationId`): the conversation is
 * loaded once, if the user may read it, into `ctx.conversation`; otherwise NOT_FOUND before
 * the procedure runs. More input fields are added with `.input()`, merged with this one.
 */
export const conversationProcedure = protectedProcedure
  .input(ConversationIdInput)
  .use(async ({ ctx, input, next }) => {
    const conversation = await loadReadableConversation(ctx.db, ctx.user, input.conversationId);
    return next({ ctx: { ...ctx, conversation } });
  });
