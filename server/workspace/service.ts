import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workspaces, type WorkspaceSettings } from '@/db/schema';
import { isAdmin } from '@/server/access/roles';
import { recordAudit } from '@/server/audit/record';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { recomputeForWorkspaceClock } from '@/server/protocols/service';
import { effectiveSettings, type ApiWorkspace, type WorkspaceFields, type WorkspacePatch } from './schemas';

/*
 * Workspace settings (SPEC §15). Every reader takes them from the row when it needs them, so a
 * change counts from the next request, on every process, without a restart.
 */

/** Settings → Workspace, for admins. */
export async function getWorkspace(db: Db, user: SessionUser): Promise<ApiWorkspace> {
  if (!isAdmin(user.role)) throw new AppError('FORBIDDEN', 'Only admins read the workspace settings.');
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, user.workspaceId));
  if (!row) throw new AppError('NOT_FOUND', 'workspace: not found');
  return { id: row.id, ...effectiveSettings(row) };
}

/** The columns and the settings document a patch writes. */
function toRow(patch: Partial<WorkspaceFields>, settings: WorkspaceSettings) {
  const { name, timeZone, ...rest } = patch;
  return { ...(name !== undefined ? { name } : {}), ...(timeZone !== undefined ? { timeZone } : {}), settings: { ...settings, ...rest } };
}

/**
 * Changes settings in the caller's name, without a role check (the attribution window is a
 * manager's; the rest an admin's: each caller checks its own). One audit entry holds what changed,
 * before and after; a new business clock (quiet hours or zone) moves every pending business-clock
 * deadline at once.
 */
export async function changeWorkspaceSettings(db: Db, actor: SessionUser, patch: Partial<WorkspaceFields>, now: Date, fx: Effects): Promise<ApiWorkspace> {
  return transaction(db, fx, async (tx, fx) => {
    const [row] = await tx.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId)).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'workspace: not found');
    const before = effectiveSettings(row);
    const changed = (Object.keys(patch) as (keyof WorkspaceFields)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return { id: row.id, ...before };
    const [updated] = await tx.update(workspaces).set(toRow(patch, row.settings)).where(eq(workspaces.id, row.id)).returning();
    const after = effectiveSettings(updated!);
    const pick = (from: WorkspaceFields) => Object.fromEntries(changed.map((k) => [k, from[k]]));
    await recordAudit(tx, { workspaceId: row.id, actorId: actor.id, action: 'workspace.settings_changed', targetType: 'workspace', targetId: row.id, before: pick(before), after: pick(after), at: now });
    if (changed.includes('businessQuietHours') || changed.includes('timeZone')) {
      const moved = await recomputeForWorkspaceClock(tx, row.id);
      fx.add(...moved.map((conversationId) => ({ kind: 'conversation.changed' as const, conversationId })));
    }
    if (changed.includes('escalation')) fx.add({ kind: 'team.changed', workspaceId: row.id });
    return { id: row.id, ...after };
  });
}

/** Settings → Workspace: admins only. */
export async function updateWorkspace(db: Db, admin: SessionUser, patch: WorkspacePatch, now: Date, fx: Effects): Promise<ApiWorkspace> {
  if (!isAdmin(admin.role)) throw new AppError('FORBIDDEN', 'Only admins change the workspace settings.');
  return changeWorkspaceSettings(db, admin, patch, now, fx);
}
