import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { isAdmin } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { decodeCursor, keysetPage } from '@/server/pagination/cursor';
import type { ApiAuditEntry, AuditFilters } from './schemas';

type Row = { entry: typeof auditLog.$inferSelect; actorName: string | null };

const toApiEntry = ({ entry, actorName }: Row): ApiAuditEntry => ({
  id: entry.id,
  at: entry.createdAt.toISOString(),
  actor: entry.actorId ? { id: entry.actorId, name: actorName ?? '' } : null,
  action: entry.action,
  targetType: entry.targetType,
  targetId: entry.targetId,
  before: entry.before,
  after: entry.after,
  address: entry.address,
});

/** The workspace's audit log for its admins, newest first, one keyset page at a time. */
export async function listAudit(db: Db, admin: SessionUser, input: AuditFilters & { cursor?: string | null; limit: number }) {
  if (!isAdmin(admin.role)) throw new AppError('FORBIDDEN', 'Only admins read the audit log.');
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db
    .select({ entry: auditLog, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.workspaceId, admin.workspaceId),
        input.action ? eq(auditLog.action, input.action) : undefined,
        input.actorId ? eq(auditLog.actorId, input.actorId) : undefined,
        input.targetType ? eq(auditLog.targetType, input.targetType) : undefined,
        input.from ? gte(auditLog.createdAt, new Date(input.from)) : undefined,
        input.to ? lt(auditLog.createdAt, new Date(input.to)) : undefined,
        after ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (r) => ({ at: r.entry.createdAt, id: r.entry.id }), toApiEntry);
}

/** The actions and target types the log holds: the filters' choices. */
export async function auditVocabulary(db: Db, admin: SessionUser) {
  if (!isAdmin(admin.role)) throw new AppError('FORBIDDEN', 'Only admins read the audit log.');
  const rows = await db
    .selectDistinct({ action: auditLog.action, targetType: auditLog.targetType })
    .from(auditLog)
    .where(eq(auditLog.workspaceId, admin.workspaceId));
  return {
    actions: [...new Set(rows.map((r) => r.action))].sort(),
    targetTypes: [...new Set(rows.map((r) => r.targetType))].sort(),
  };
}
