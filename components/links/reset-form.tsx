'use client';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { NewPasswordField } from './fields';
import { signInAndOpenInbox } from './sign-in-after';

/** `/reset/{token}`: the person chooses a new password (their other sessions end) and is signed in. */
export function ResetForm({ token, email }: { token: string; email: string }) {
  const t = useT();
  const trpc = useTRPC();
  const reset = useMutation(trpc.links.resetPassword.mutationOptions());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    const done = await reset.mutateAsync({ token, password }).catch(() => null);
    if (done) await signInAndOpenInbox(done.email, password);
  }

  return (
    <form onSubmit={submit} className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold">{t('reset.title')}</h1>
      <p className="text-sm text-slate-600">{t('reset.intro', { email })}</p>
      <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
      <NewPasswordField label={t('reset.password')} />
      {reset.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {errorText(t, reset.error)}
        </p>
      )}
      <button type="submit" disabled={reset.isPending || reset.isSuccess} className="w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        {t('reset.submit')}
      </button>
    </form>
  );
}
