'use client';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { locales } from '@/i18n/messages';
import type { Role } from '@/server/access/roles';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { Field, inputClass, LanguageField, NewPasswordField, TimeZoneField } from './fields';
import { signInAndOpenInbox } from './sign-in-after';

type Invitation = { token: string; email: string; name: string | null; role: Role; workspace: string };

/** `/invite/{token}`: the invitee chooses their name, password, zone and language, and is signed in. */
export function InviteForm({ invitation }: { invitation: Invitation }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const accept = useMutation(trpc.links.acceptInvitation.mutationOptions());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const value = (name: string) => String(f.get(name) ?? '');
    const password = value('password');
    const accepted = await accept
      .mutateAsync({ token: invitation.token, name: value('name'), password, timeZone: value('timeZone'), locale: locales.find((l) => l === value('locale')) ?? locale })
      .catch(() => null);
    if (accepted) await signInAndOpenInbox(accepted.email, password);
  }

  return (
    <form onSubmit={submit} className="w-full max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold">{t('invite.title', { workspace: invitation.workspace })}</h1>
      <p className="text-sm text-slate-600">{t('invite.intro', { role: t(`role.${invitation.role}`), email: invitation.email })}</p>
      <Field label={t('invite.name')}>
        <input name="name" required maxLength={100} autoComplete="name" defaultValue={invitation.name ?? ''} autoFocus className={inputClass} />
      </Field>
      {/* The address the invitation is for, so a password manager files the new password under it. */}
      <input type="email" name="email" value={invitation.email} autoComplete="username" readOnly hidden />
      <NewPasswordField label={t('invite.password')} />
      <TimeZoneField label={t('invite.timeZone')} />
      <LanguageField label={t('invite.language')} defaultValue={locale} />
      {accept.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {errorText(t, accept.error)}
        </p>
      )}
      <button type="submit" disabled={accept.isPending || accept.isSuccess} className="w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        {accept.isPending || accept.isSuccess ? t('invite.submitting') : t('invite.submit')}
      </button>
    </form>
  );
}
