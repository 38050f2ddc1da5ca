import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
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

/** Creates a token acting as the admin; its text is returned this once and only its hash is kept (the audit log holds neither). */
export async function createToken(db: Db, admin: SessionUser, name: string, now: Date) {
  const token = `cad_${randomBytes(24).toString('base64url')}`;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ workspaceId: admin.workspaceId, userId: admin.id, name, tokenHash: hashApiToken(token) })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'api_token.created', targetType: 'api_token', targetId: created!.id, after: { name, ownerId: admin.id }, at: now });
    return created!;
  });
  return { id: row.id, token };
}

export async function revokeToken(db: Db, admin: SessionUser, tokenId: string, now: Date) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.workspaceId, admin.workspaceId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (!row) throw new AppError('NOT_FOUND', 'token: no such active token in this workspace');
    await recordAudit(tx, {
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      action: 'api_token.revoked',
      targetType: 'api_token',
      targetId: row.id,
      before: { name: row.name, revoked: false },
      after: { name: row.name, revoked: true },
      at: now,
    });
  });
}
