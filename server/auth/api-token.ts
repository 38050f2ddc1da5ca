import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { toSessionUser, type SessionUser } from './session';

/** API tokens are stored only as this hash; a leaked database does not leak usable tokens. */
export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The user an `Authorization: Bearer <token>` header acts as, or null for a missing, unknown or revoked token, or a deactivated user's. */
export async function userForApiToken(db: Db, authorization: string | null): Promise<SessionUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return null;
  const [row] = await db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashApiToken(match[1]!)), isNull(apiTokens.revokedAt), isNull(users.deactivatedAt)))
    .limit(1);
  return row ? toSessionUser(row.user) : null;
}
