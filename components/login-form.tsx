'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { DEACTIVATED_SIGNAL } from '@/server/auth/session';
import { retryAtOf } from '@/server/auth/throttle';
import { useLocale, useT } from './i18n';

/**
 * `sessionEnded`: the browser came with a session cookie no longer honoured; the form says so until they try again.
 * `demo`: the demo's logins exist, so the form may name one.
 */
export function LoginForm({ sessionEnded = false, demo = false }: { sessionEnded?: boolean; demo?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  /** null, or what went wrong: a wrong email or password, a deactivated account, or too many failures and until when. */
  const [error, setError] = useState<null | { retryAt: Date | null; deactivated?: boolean }>(null);
  const [ended, setEnded] = useState(sessionEnded);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setEnded(false);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) return setError({ retryAt: retryAtOf(result?.error), deactivated: result?.error === DEACTIVATED_SIGNAL });
    router.replace('/inbox');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold">{t('login.title')}</h1>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-600">{t('login.email')}</span>
        <input name="email" type="email" autoComplete="username" required autoFocus
          className="w-full rounded border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200" />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-600">{t('login.password')}</span>
        <input name="password" type="password" autoComplete="current-password" required
          className="w-full rounded border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200" />
      </label>
      {ended && (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {t('login.sessionEnded')}
        </p>
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.retryAt
            ? t('login.throttled', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(error.retryAt) })
            : error.deactivated
              ? t('login.deactivated')
              : t('login.failed')}
        </p>
      )}
      <button type="submit" disabled={pending}
        className="w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        {pending ? t('login.submitting') : t('login.submit')}
      </button>
      {demo && <p className="text-xs text-slate-500">{t('login.demoHint')}</p>}
    </form>
  );
}
