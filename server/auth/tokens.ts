import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import { hashApiToken } from './api-token';
import type { SessionUser } from './session';

export const CreateTokenInput = z.object({ name: z.string().trim().min(1, 'give the token a name').max(100, 'at most 100 characters') });
export const TokenIdInput = z.object({ tokenId: z.uuid() });

export async function listTokens(db: Db, admin: SessionUser) {
  const rows = await db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt, owner: users.name })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.workspaceId, admin.workspaceId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null }));
}

/** Creates a token acting as the admin; its text is returned this once and only its hash is kept. */
export async function createToken(db: Db, admin: SessionUser, name: string) {
  const token = `cad_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ workspaceId: admin.workspaceId, userId: admin.id, name, tokenHash: hashApiToken(token) })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

export async function revokeToken(db: Db, admin: SessionUser, tokenId: string, now: Date) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.workspaceId, admin.workspaceId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (!row) throw new AppError('NOT_FOUND', 'token: no such active token in this workspace');
}
