import { describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS, leavesNoAdmin, linkState } from './policy';

const now = new Date('2026-12-01T10:00:00Z');

describe('single-use links', () => {
  const issued = (ms: number) => ({ expiresAt: new Date(now.getTime() - ms + INVITATION_TTL_MS), usedAt: null, revokedAt: null });

  it('stay open until their expiry, not a moment longer', () => {
    expect(linkState(issued(INVITATION_TTL_MS - 1), now)).toBe('open');
    expect(linkState(issued(INVITATION_TTL_MS), now)).toBe('expired');
  });

  it('die once used or revoked, whatever their expiry', () => {
    expect(linkState({ ...issued(0), usedAt: now }, now)).toBe('used');
    expect(linkState({ ...issued(0), revokedAt: now }, now)).toBe('revoked');
  });
});

describe('the last active admin stays (SPEC §15)', () => {
  const admin = { role: 'admin' as const, active: true };

  it('refuses demoting or deactivating the only active admin', () => {
    expect(leavesNoAdmin(admin, { role: 'manager', active: true }, 1)).toBe(true);
    expect(leavesNoAdmin(admin, { role: 'admin', active: false }, 1)).toBe(true);
  });

  it('allows it while another active admin remains, and any change that keeps them an active admin', () => {
    expect(leavesNoAdmin(admin, { role: 'agent', active: true }, 2)).toBe(false);
    expect(leavesNoAdmin(admin, admin, 1)).toBe(false);
  });

  it('never concerns someone who is not an active admin', () => {
    expect(leavesNoAdmin({ role: 'agent', active: true }, { role: 'agent', active: false }, 1)).toBe(false);
    expect(leavesNoAdmin({ role: 'admin', active: false }, { role: 'agent', active: false }, 1)).toBe(false);
  });
});
