import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';

export type AuditEntry = {
  /** Null only for an installation-level entry: a failed sign-in of an email no workspace knows. */
  workspaceId: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  address?: string | null;
  at: Date;
};

// Keys whose values are never written to the log, at any depth: credentials, tokens, passwords.
const SECRET_KEY = /secret|token|password|credential|hash|key$/i;

/** A copy without secrets: a secret's value becomes `"[redacted]"`, so the log still says it changed. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : withoutSecrets(v)]));
  }
  return value;
}

/** Records one administrative action in the caller's transaction (it commits or rolls back with it). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before ? (withoutSecrets(entry.before) as Record<string, unknown>) : null,
    after: entry.after ? (withoutSecrets(entry.after) as Record<string, unknown>) : null,
    address: entry.address ?? null,
    createdAt: entry.at,
  });
}
