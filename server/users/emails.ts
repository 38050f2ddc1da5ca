import { DateTime } from 'luxon';
import { translate, type Locale } from '@/i18n/messages';
import type { Role } from '@/server/access/roles';
import type { Email } from '@/server/mail/transport';

/** How an email names the moment a link expires: in the reader's zone and language. */
const expiry = (at: Date, zone: string, locale: Locale) =>
  DateTime.fromJSDate(at, { zone }).setLocale(locale).toLocaleString(DateTime.DATETIME_FULL);

/** The invitation email, in the workspace's language (the invitee has no language of their own yet). */
export function invitationEmail(e: { to: string; link: string; expiresAt: Date; role: Role; inviter: string; workspace: { name: string; timeZone: string; locale: Locale } }): Email {
  const { locale } = e.workspace;
  return {
    to: e.to,
    subject: translate(locale, 'email.invite.subject', { workspace: e.workspace.name }),
    text: translate(locale, 'email.invite.body', {
      inviter: e.inviter,
      workspace: e.workspace.name,
      role: translate(locale, `role.${e.role}`),
      link: e.link,
      expires: expiry(e.expiresAt, e.workspace.timeZone, locale),
    }),
  };
}

/** The password-reset email, in the person's own language and zone. */
export function passwordResetEmail(e: { to: string; name: string; link: string; expiresAt: Date; admin: string; workspace: string; timeZone: string; locale: Locale }): Email {
  return {
    to: e.to,
    subject: translate(e.locale, 'email.reset.subject'),
    text: translate(e.locale, 'email.reset.body', {
      name: e.name,
      admin: e.admin,
      workspace: e.workspace,
      link: e.link,
      expires: expiry(e.expiresAt, e.timeZone, e.locale),
    }),
  };
}
