import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ROLES } from '@/db/schema/values';
import { locales } from '@/i18n/messages';
import { Instant } from '@/server/clock';

/*
 * The shapes of administering people, once: tRPC inputs, REST bodies and the OpenAPI document
 * all come from these. A new password is only bounded here; its strength (SPEC §15) is checked
 * by the service that sets it (server/auth/new-password.ts), naming the field.
 */

export const EmailInput = z.string().trim().toLowerCase().max(254, 'at most 254 characters').pipe(z.email('not an email address'));
export const PersonName = z.string().trim().min(1, 'required').max(100, 'at most 100 characters');
export const TimeZoneInput = z.string().refine((zone) => IANAZone.isValidZone(zone), 'not a time zone: an IANA name such as Europe/Madrid');
export const LocaleInput = z.enum(locales);
/** Bounded so a megabyte of "password" costs no scrypt time; the strength rule is the service's. */
export const NewPassword = z.string().max(200, 'at most 200 characters');
export const RoleInput = z.enum(ROLES);
/** The secret part of a single-use link (`/invite/{token}`, `/reset/{token}`). */
export const LinkToken = z.string().min(16, 'not a link token').max(200, 'not a link token');

export const InviteInput = z.object({
  email: EmailInput,
  name: PersonName.optional().describe('shown to the invitee, who may change it'),
  role: RoleInput.default('agent'),
});
export type InviteInput = z.infer<typeof InviteInput>;

/** What to change of a person; a field left out stays as it is (an empty patch changes nothing). */
export const PersonPatch = z.object({ role: RoleInput.optional(), name: PersonName.optional(), active: z.boolean().optional().describe('false deactivates, true reactivates') });
export type PersonPatch = z.infer<typeof PersonPatch>;

export const UserIdInput = z.object({ userId: z.uuid() });
export const InvitationIdInput = z.object({ invitationId: z.uuid() });

export const AcceptInvitationInput = z.object({ token: LinkToken, name: PersonName, password: NewPassword, timeZone: TimeZoneInput, locale: LocaleInput });
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationInput>;
export const ResetPasswordInput = z.object({ token: LinkToken, password: NewPassword });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;
export const ChangePasswordInput = z.object({ currentPassword: z.string().min(1, 'required').max(200), newPassword: NewPassword });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
export const ProfileInput = z.object({ name: PersonName, timeZone: TimeZoneInput, locale: LocaleInput });
export type ProfileInput = z.infer<typeof ProfileInput>;

/** Whether the link also went out by email: `not_configured` without SMTP_URL, `failed` when the SMTP server refused. */
export const EmailDelivery = z.enum(['sent', 'not_configured', 'failed']);
export type EmailDelivery = z.infer<typeof EmailDelivery>;

export const ApiUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleInput,
  status: z.enum(['active', 'deactivated']),
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  lastSeenAt: Instant.nullable(),
  deactivatedAt: Instant.nullable(),
  createdAt: Instant,
  /** Conversations assigned to them and not closed: a deactivated agent's are to be reassigned. */
  openConversations: z.number().int(),
});
export type ApiUser = z.infer<typeof ApiUser>;

export const ApiInvitation = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: RoleInput,
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
  invitedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  expiresAt: Instant,
  createdAt: Instant,
});
export type ApiInvitation = z.infer<typeof ApiInvitation>;

/** An invitation just made or resent: its link, shown this once (only its hash is kept). */
export const ApiInvitationLink = ApiInvitation.extend({ inviteUrl: z.url(), emailDelivery: EmailDelivery });
export type ApiInvitationLink = z.infer<typeof ApiInvitationLink>;

export const ApiPasswordReset = z.object({ userId: z.uuid(), resetUrl: z.url(), expiresAt: Instant, emailDelivery: EmailDelivery });
export type ApiPasswordReset = z.infer<typeof ApiPasswordReset>;
