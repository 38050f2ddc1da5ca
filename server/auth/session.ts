import { z } from 'zod';
import { ROLES } from '@/db/schema/values';

/** What a signed-in session carries: enough to scope every query without a lookup. */
export const SessionUserSchema = z.object({
  id: z.string().uuid(),
  workspaceId: z.string().uuid(),
  role: z.enum(ROLES),
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  locale: z.string(),
});

export type SessionUser = z.infer<typeof SessionUserSchema>;

/** A user row as a session carries it: never its password hash. */
export const toSessionUser = (user: SessionUser): SessionUser => ({
  id: user.id,
  workspaceId: user.workspaceId,
  role: user.role,
  name: user.name,
  email: user.email,
  timeZone: user.timeZone,
  locale: user.locale,
});

/**
 * What a sign-in of a deactivated person answers (next-auth hands it to the login form as
 * signIn()'s `error`), once their password was right: the form then says why, not "wrong password".
 */
export const DEACTIVATED_SIGNAL = 'ACCOUNT_DEACTIVATED';
