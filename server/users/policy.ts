import type { Role } from '@/server/access/roles';

/*
 * The rules of administering people (SPEC §15), pure: time is passed in.
 */

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000;

/** A single-use link: usable while it is open; used, revoked or past its expiry it is dead. */
export type LinkState = 'open' | 'used' | 'revoked' | 'expired';

export function linkState(link: { expiresAt: Date; usedAt: Date | null; revokedAt?: Date | null }, now: Date): LinkState {
  if (link.usedAt) return 'used';
  if (link.revokedAt) return 'revoked';
  return now.getTime() < link.expiresAt.getTime() ? 'open' : 'expired';
}

export type Standing = { role: Role; active: boolean };

/**
 * Whether changing a person from `before` to `after` would leave the workspace with no active
 * admin: true when they are an active admin now, will not be one after, and no other is left.
 */
export function leavesNoAdmin(before: Standing, after: Standing, activeAdmins: number): boolean {
  const isActiveAdmin = (s: Standing) => s.active && s.role === 'admin';
  return isActiveAdmin(before) && !isActiveAdmin(after) && activeAdmins <= 1;
}

/** How a person appears in the people list. */
export type PersonStatus = 'active' | 'invited' | 'deactivated';
