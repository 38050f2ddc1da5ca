'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { defaultOutOfHoursMessage } from '@/server/protocols/defaults';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { ChangePassword, ProfileDetails } from './profile-details';

export function ProfileForm() {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const profile = useQuery(trpc.profile.get.queryOptions());
  const [text, setText] = useState('');
  const [night, setNight] = useState('');
  useEffect(() => {
    if (!profile.data) return;
    setText(profile.data.autoMessage ?? '');
    setNight(profile.data.outOfHoursMessage ?? '');
  }, [profile.data]);
  const save = useMutation(trpc.profile.setAutoMessage.mutationOptions());
  return (
    <section className="mx-auto max-w-2xl space-y-6 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('profile.title')}</h1>
      <ProfileDetails />
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ autoMessage: text.trim() ? text : null, outOfHoursMessage: night.trim() ? night : null });
        }}
      >
        <label className="block text-sm">
          <span className="font-medium">{t('profile.autoMessage')}</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} maxLength={1000} className="mt-1 w-full rounded border border-slate-300 px-3 py-2 text-sm" />
        </label>
        <p className="text-xs text-slate-600">{t('profile.autoMessageHint')}</p>
        <label className="block text-sm">
          <span className="font-medium">{t('profile.outOfHoursMessage')}</span>
          <textarea
            value={night}
            onChange={(e) => setNight(e.target.value)}
            rows={4}
            maxLength={1000}
            placeholder={defaultOutOfHoursMessage[locale]}
            className="mt-1 w-full rounded border border-slate-300 px-3 py-2 text-sm placeholder:text-slate-500"
          />
        </label>
        <p className="text-xs text-slate-600">{t('profile.outOfHoursMessageHint')}</p>
        <div className="flex items-center gap-3">
          <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white disabled:opacity-50">
            {t('profile.save')}
          </button>
          {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('profile.saved')}</span>}
          {save.error && <span role="alert" className="text-xs text-red-700">{errorText(t, save.error)}</span>}
        </div>
      </form>
      <ChangePassword />
    </section>
  );
}
