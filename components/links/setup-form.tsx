'use client';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { locales } from '@/i18n/messages';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { Field, inputClass, LanguageField, NewPasswordField, TimeZoneField } from './fields';
import { signInAndOpenInbox } from './sign-in-after';

/** The first run (SPEC §15): the workspace and its admin, who is then signed in. */
export function SetupForm() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const setup = useMutation(trpc.setup.run.mutationOptions());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const value = (name: string) => String(f.get(name) ?? '');
    const input = { workspace: value('workspace'), timeZone: value('timeZone'), language: locales.find((l) => l === value('language')) ?? locale, name: value('name'), email: value('email'), password: value('password') };
    const { email } = await setup.mutateAsync(input).catch(() => ({ email: null }));
    if (email) await signInAndOpenInbox(email, input.password);
  }

  return (
    <form onSubmit={submit} className="w-full max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold">{t('setup.title')}</h1>
      <p className="text-sm text-slate-600">{t('setup.intro')}</p>
      <Field label={t('setup.workspace')}>
        <input name="workspace" required maxLength={100} autoFocus className={inputClass} />
      </Field>
      <TimeZoneField label={t('setup.timeZone')} />
      <LanguageField label={t('setup.language')} name="language" defaultValue={locale} />
      <Field label={t('setup.name')}>
        <input name="name" required maxLength={100} autoComplete="name" className={inputClass} />
      </Field>
      <Field label={t('setup.email')}>
        <input name="email" type="email" required maxLength={254} autoComplete="username" className={inputClass} />
      </Field>
      <NewPasswordField label={t('setup.password')} />
      {setup.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {errorText(t, setup.error)}
        </p>
      )}
      <button type="submit" disabled={setup.isPending || setup.isSuccess} className="w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        {setup.isPending || setup.isSuccess ? t('setup.submitting') : t('setup.submit')}
      </button>
    </form>
  );
}
