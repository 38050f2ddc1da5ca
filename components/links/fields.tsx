'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { locales } from '@/i18n/messages';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-strength';
import { useT } from '../i18n';
import { TimeZoneList } from '../ui/time-zone-list';

/*
 * The fields the first run, an invitation and a password reset share, so each reads and checks
 * the same everywhere: labelled, keyboard-usable, with the browser's own checks first.
 */

export const inputClass = 'w-full rounded border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200';

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/** A new password: at least 12 characters, checked by the browser; the common-password list is the server's. */
export function NewPasswordField({ label, name = 'password' }: { label: string; name?: string }) {
  const t = useT();
  return (
    <Field label={label}>
      <input name={name} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} aria-describedby={`${name}-hint`} className={inputClass} />
      <span id={`${name}-hint`} className="mt-1 block text-xs text-slate-500">
        {t('password.hint')}
      </span>
    </Field>
  );
}

/**
 * A zone, with the IANA list to pick from: `initial` when there is one (a profile), otherwise the
 * browser's own, filled in once the page runs in the browser (the server cannot know it).
 */
export function TimeZoneField({ label, initial }: { label: string; initial?: string }) {
  const [zone, setZone] = useState(initial ?? '');
  useEffect(() => {
    if (!initial) setZone((typed) => typed || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  }, [initial]);
  return (
    <Field label={label}>
      <input name="timeZone" required value={zone} onChange={(e) => setZone(e.target.value)} list="time-zones" autoComplete="off" className={inputClass} />
      <TimeZoneList id="time-zones" />
    </Field>
  );
}

export function LanguageField({ label, defaultValue, name = 'locale' }: { label: string; defaultValue: string; name?: string }) {
  const t = useT();
  return (
    <Field label={label}>
      <select name={name} defaultValue={defaultValue} className={inputClass}>
        {locales.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}
