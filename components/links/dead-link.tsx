'use client';
import Link from 'next/link';
import type { LinkState } from '@/server/users/policy';
import { useT } from '../i18n';

/** What a used, revoked, expired or unknown link shows instead of its form. */
export function DeadLink({ state }: { state: Exclude<LinkState, 'open'> | 'unknown' }) {
  const t = useT();
  return (
    <div className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <p role="alert" className="text-sm text-slate-700">
        {t(`error.link_${state}`)}
      </p>
      <Link href="/login" className="inline-block rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
        {t('link.toLogin')}
      </Link>
    </div>
  );
}
