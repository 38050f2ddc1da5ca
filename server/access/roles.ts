import type { ROLES } from '@/db/schema/values';

export type Role = (typeof ROLES)[number];

/*
 * The role ladder of SPEC §1 and §15, named once: agent < supervisor < manager < admin.
 * Every check of a role goes through these, so a new role is one change here.
 */

/** Supervisors and above: the whole team (the team view, reassigning, excusing breaches). */
export const isLead = (role: Role): boolean => role !== 'agent';

/** Managers and admins: everything in the workspace, and its channels, protocols and templates. */
export const isManager = (role: Role): boolean => role === 'manager' || role === 'admin';

/** The workspace's owners: users, roles, teams and API tokens. */
export const isAdmin = (role: Role): boolean => role === 'admin';
