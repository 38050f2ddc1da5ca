import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invitations, users, workspaces } from '@/db/schema';
import { pickLocale } from '@/i18n/locale';
import { recordAudit } from '@/server/audit/record';
import { newPasswordHash } from '@/server/auth/new-password';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { sendEmail } from '@/server/mail/transport';
import { invitationEmail } from './emails';
import { deadLinkError, hashLinkToken, linkUrl, newLinkToken } from './links';
import { requireAdmin } from './people';
import { INVITATION_TTL_MS, linkState } from './policy';
import type { AcceptInvitationInput, ApiInvitation, ApiInvitationLink, InviteInput } from './schemas';

type Invitation = typeof invitations.$inferSelect;

const STATUS = { open: 'pending', expired: 'expired', used: 'accepted', revoked: 'revoked' } as const;

const stateOf = (i: Invitation, now: Date) => linkState({ expiresAt: i.expiresAt, usedAt: i.acceptedAt, revokedAt: i.revokedAt }, now);

function toApiInvitation(i: Invitation, inviter: { id: string; name: string } | null, now: Date): ApiInvitation {
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    role: i.role,
    status: STATUS[stateOf(i, now)],
    invitedBy: inviter,
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
  };
}

/** Every invitation of the workspace, newest first, with its status now. */
export async function listInvitations(db: Db, admin: SessionUser, now: Date): Promise<ApiInvitation[]> {
  requireAdmin(admin);
  const rows = await db
    .select({ invitation: invitations, inviterName: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.workspaceId, admin.workspaceId))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
  return rows.map((r) => toApiInvitation(r.invitation, r.invitation.invitedBy && r.inviterName ? { id: r.invitation.invitedBy, name: r.inviterName } : null, now));
}

/** Emails the link when SMTP is set, after the invitation committed, in the workspace's language. */
async function mailInvitation(db: Db, admin: SessionUser, invitation: Invitation, token: string, now: Date): Promise<ApiInvitationLink> {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
  const inviteUrl = linkUrl('invite', token);
  const emailDelivery = await sendEmail(
    invitationEmail({
      to: invitation.email,
      link: inviteUrl,
      expiresAt: invitation.expiresAt,
      role: invitation.role,
      inviter: admin.name,
      workspace: { name: workspace!.name, timeZone: workspace!.timeZone, locale: pickLocale(null, workspace!.locale) },
    }),
  );
  return { ...toApiInvitation(invitation, { id: admin.id, name: admin.name }, now), inviteUrl, emailDelivery };
}

/**
 * Invites someone by email (SPEC §15): a single-use link valid 7 days, returned to show the admin
 * this once (only its hash is kept) and emailed when SMTP is set. An address that already
 * belongs to someone, or already has an open invitation here, is refused (409).
 */
export async function invite(db: Db, admin: SessionUser, input: InviteInput, clock: Clock, fx: Effects): Promise<ApiInvitationLink> {
  requireAdmin(admin);
  const now = clock.now();
  const { token, hash } = newLinkToken();
  const invitation = await transaction(db, fx, async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (taken) throw new AppError('CONFLICT', 'email: already belongs to someone on this installation', { field: 'email', reason: 'email_taken' });
    const [row] = await tx
      .insert(invitations)
      .values({ workspaceId: admin.workspaceId, email: input.email, name: input.name ?? null, role: input.role, tokenHash: hash, invitedBy: admin.id, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS), createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', 'email: already has an open invitation; resend it instead', { field: 'email', reason: 'already_invited' });
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'user.invited', targetType: 'invitation', targetId: row.id, after: { email: row.email, role: row.role }, at: now });
    return row;
  });
  return mailInvitation(db, admin, invitation, token, now);
}

/** A new link for an invitation not yet accepted or revoked, valid 7 days from now; the old link dies. */
export async function resendInvitation(db: Db, admin: SessionUser, invitationId: string, clock: Clock, fx: Effects): Promise<ApiInvitationLink> {
  requireAdmin(admin);
  const now = clock.now();
  const { token, hash } = newLinkToken();
  const invitation = await transaction(db, fx, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash: hash, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS), invitedBy: admin.id })
      .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, admin.workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'id: no open invitation with this id in this workspace');
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'invitation.resent', targetType: 'invitation', targetId: row.id, after: { email: row.email }, at: now });
    return row;
  });
  return mailInvitation(db, admin, invitation, token, now);
}

export async function revokeInvitation(db: Db, admin: SessionUser, invitationId: string, clock: Clock, fx: Effects): Promise<void> {
  requireAdmin(admin);
  const now = clock.now();
  await transaction(db, fx, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, admin.workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'id: no open invitation with this id in this workspace');
    await recordAudit(tx, { workspaceId: admin.workspaceId, actorId: admin.id, action: 'invitation.revoked', targetType: 'invitation', targetId: row.id, before: { email: row.email, role: row.role }, at: now });
  });
}

/** What `/invite/{token}` shows: the invitation while its link is open, or why it is not. */
export async function invitationForLink(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ invitation: invitations, workspace: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashLinkToken(token)));
  if (!row) return { state: 'unknown' as const };
  const state = stateOf(row.invitation, now);
  if (state !== 'open') return { state };
  return { state, email: row.invitation.email, name: row.invitation.name, role: row.invitation.role, workspace: row.workspace };
}

/**
 * The invitee accepts (SPEC §15): they become a person of the workspace with the invitation's
 * role and the name, password, zone and language they chose. The link is claimed by one
 * conditional update, so two submissions of the same link make one person.
 */
export async function acceptInvitation(db: Db, input: AcceptInvitationInput, clock: Clock, fx: Effects): Promise<{ email: string }> {
  const now = clock.now();
  const passwordHash = await newPasswordHash(input.password, 'password');
  const tokenHash = hashLinkToken(input.token);
  return transaction(db, fx, async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .returning();
    if (!claimed) {
      const [dead] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
      throw deadLinkError(dead ? stateOf(dead, now) : null);
    }
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, claimed.email)).limit(1);
    if (taken) throw new AppError('CONFLICT', 'email: already belongs to someone on this installation', { field: 'email', reason: 'email_taken' });
    const [user] = await tx
      .insert(users)
      .values({ workspaceId: claimed.workspaceId, email: claimed.email, name: input.name, role: claimed.role, passwordHash, timeZone: input.timeZone, locale: input.locale })
      .returning();
    await tx.update(invitations).set({ userId: user!.id }).where(eq(invitations.id, claimed.id));
    await recordAudit(tx, { workspaceId: claimed.workspaceId, actorId: user!.id, action: 'invitation.accepted', targetType: 'user', targetId: user!.id, after: { email: user!.email, role: user!.role }, at: now });
    fx.add({ kind: 'team.changed', workspaceId: claimed.workspaceId });
    return { email: user!.email };
  });
}
