import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { passwordResets, users, workspaces } from '@/db/schema';
import { pickLocale } from '@/i18n/locale';
import { recordAudit } from '@/server/audit/record';
import { newPasswordHash } from '@/server/auth/new-password';
import type { SessionUser } from '@/server/auth/session';
import { endSessionsOf } from '@/server/auth/sessions';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { sendEmail } from '@/server/mail/transport';
import { passwordResetEmail } from './emails';
import { deadLinkError, hashLinkToken, linkUrl, newLinkToken } from './links';
import { requireAdmin } from './people';
import { linkState, PASSWORD_RESET_TTL_MS } from './policy';
import type { ApiPasswordReset, ResetPasswordInput } from './schemas';

/**
 * An admin issues a password-reset link for someone of the workspace (SPEC §15): single use,
 * valid 24 hours, shown to copy and emailed when SMTP is set. It replaces any earlier link of theirs.
 */
export async function issuePasswordReset(db: Db, admin: SessionUser, userId: string, clock: Clock, fx: Effects): Promise<ApiPasswordReset> {
  requireAdmin(admin);
  const now = clock.now();
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  const { person, workspace } = await transaction(db, fx, async (tx) => {
    const [row] = await tx
      .select({ person: users, workspace: workspaces.name })
      .from(users)
      .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
      .where(and(eq(users.id, userId), eq(users.workspaceId, admin.workspaceId)));
    if (!row) throw new AppError('NOT_FOUND', 'id: no such person in this workspace');
    if (row.person.deactivatedAt) throw new AppError('CONFLICT', 'id: this person is deactivated; reactivate them first', { field: 'id', reason: 'deactivated' });
    await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
    await tx.insert(passwordResets).values({ userId, tokenHash: hash, issuedBy: admin.id, expiresAt, createdAt: now });
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'user.password_reset_issued', targetType: 'user', targetId: userId, after: { expiresAt: expiresAt.toISOString() }, at: now });
    return row;
  });
  const resetUrl = linkUrl('reset', token);
  const emailDelivery = await sendEmail(
    passwordResetEmail({
      to: person.email,
      name: person.name,
      link: resetUrl,
      expiresAt,
      admin: admin.name,
      workspace,
      timeZone: person.timeZone,
      locale: pickLocale(null, person.locale),
    }),
  );
  return { userId, resetUrl, expiresAt: expiresAt.toISOString(), emailDelivery };
}

/** What `/reset/{token}` shows: the person's email while the link is open, or why it is not. */
export async function resetForLink(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ reset: passwordResets, email: users.email, deactivatedAt: users.deactivatedAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashLinkToken(token)));
  if (!row || row.deactivatedAt) return { state: 'unknown' as const };
  const state = linkState(row.reset, now);
  return state === 'open' ? { state, email: row.email } : { state };
}

/**
 * The person sets a new password through their link: the link is claimed by one conditional
 * update (single use), and every session of theirs ends, wherever it is open.
 */
export async function resetPassword(db: Db, input: ResetPasswordInput, clock: Clock, fx: Effects): Promise<{ email: string }> {
  const now = clock.now();
  const passwordHash = await newPasswordHash(input.password, 'password');
  const tokenHash = hashLinkToken(input.token);
  return transaction(db, fx, async (tx, fx) => {
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning();
    if (!claimed) {
      const [dead] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
      throw deadLinkError(dead ? linkState(dead, now) : null);
    }
    // A link of someone deactivated since it was issued opens nothing.
    const [person] = await tx.select().from(users).where(and(eq(users.id, claimed.userId), isNull(users.deactivatedAt)));
    if (!person) throw deadLinkError(null);
    await tx.update(users).set({ passwordHash }).where(eq(users.id, person.id));
    await endSessionsOf(tx, person.id, now, fx);
    await recordAudit(tx, { workspaceId: person.workspaceId, actorId: person.id, action: 'user.password_reset', targetType: 'user', targetId: person.id, at: now });
    return { email: person.email };
  });
}
