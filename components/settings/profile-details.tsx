'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { locales } from '@/i18n/messages';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { Field, inputClass, LanguageField, NewPasswordField, TimeZoneField } from '../links/fields';
import { useTRPC } from '../trpc';

/** A person's own name, zone and language; the language also becomes this browser's. */
export function ProfileDetails() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const profile = useQuery(trpc.profile.get.queryOptions());
  const save = useMutation(trpc.profile.update.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const chosen = locales.find((l) => l === f.get('locale')) ?? locale;
    save.mutate(
      { name: String(f.get('name') ?? ''), timeZone: String(f.get('timeZone') ?? ''), locale: chosen },
      {
        onSuccess: () => {
          // The UI's language is the browser's choice (a cookie), read by every page.
          document.cookie = `locale=${chosen}; path=/; max-age=${365 * 24 * 3600}; samesite=lax`;
          void queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
          router.refresh();
        },
      },
    );
  }

  if (!profile.data) return null;
  return (
    <form onSubmit={submit} className="space-y-3" aria-labelledby="profile-details">
      <h2 id="profile-details" className="font-medium">{t('profile.details')}</h2>
      <Field label={t('profile.email')}>
        <input value={profile.data.email} readOnly className={`${inputClass} bg-slate-50`} />
      </Field>
      <Field label={t('profile.name')}>
        <input name="name" required maxLength={100} defaultValue={profile.data.name} className={inputClass} />
      </Field>
      <TimeZoneField label={t('profile.timeZone')} initial={profile.data.timeZone} />
      <LanguageField label={t('profile.language')} defaultValue={profile.data.locale} />
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white disabled:opacity-50">
          {t('profile.save')}
        </button>
        {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('profile.saved')}</span>}
        {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
      </div>
    </form>
  );
}

/** Changing one's own password: the current one first. */
export function ChangePassword() {
  const t = useT();
  const trpc = useTRPC();
  const change = useMutation(trpc.profile.changePassword.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    change.mutate({ currentPassword: String(f.get('currentPassword') ?? ''), newPassword: String(f.get('newPassword') ?? '') }, { onSuccess: () => form.reset() });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-labelledby="profile-password">
      <h2 id="profile-password" className="font-medium">{t('profile.passwordTitle')}</h2>
      <Field label={t('profile.currentPassword')}>
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={200} className={inputClass} />
      </Field>
      <NewPasswordField label={t('profile.newPassword')} name="newPassword" />
      <div className="flex items-center gap-3">
        <button type="submit" disabled={change.isPending} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white disabled:opacity-50">
          {t('profile.changePassword')}
        </button>
        {change.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('profile.passwordChanged')}</span>}
        {change.error && <span role="alert" className="text-xs text-red-700">{errorText(t, change.error)}</span>}
      </div>
    </form>
  );
}
