'use client';
import Link from 'next/link';
import { signOut } from 'next-auth/react';
import type { ReactNode } from 'react';
import type { SessionUser } from '@/server/auth/session';
import { useT } from './i18n';

export function AppHeader({ user, children }: { user: SessionUser; children?: ReactNode }) {
  const t = useT();
  return (
    <header className="flex h-11 shrink-0 items-center justify-between border-b border-slate-200 bg-white px-4">
      <nav className="flex items-center gap-4 text-sm">
        <span className="font-semibold tracking-tight text-indigo-700">{t('app.name')}</span>
        <Link href="/inbox" className="text-slate-600 hover:text-slate-900">
          {t('nav.inbox')}
        </Link>
        {user.role !== 'agent' && (
          <Link href="/team" className="text-slate-600 hover:text-slate-900">
            {t('nav.team')}
          </Link>
        )}
        {(user.role === 'manager' || user.role === 'admin') && (
          <Link href="/settings/protocols" className="text-slate-600 hover:text-slate-900">
            {t('nav.protocols')}
          </Link>
        )}
        <Link href="/settings/templates" className="text-slate-600 hover:text-slate-900">
          {t('nav.templates')}
        </Link>
        <Link href="/settings/profile" className="text-slate-600 hover:text-slate-900">
          {t('nav.profile')}
        </Link>
        {user.role === 'admin' && (
          <Link href="/settings/tokens" className="text-slate-600 hover:text-slate-900">
            {t('nav.settings')}
          </Link>
        )}
      </nav>
      <div className="flex items-center gap-3 text-sm">
        {children}
        <span className="text-slate-600" data-testid="current-user">
          {user.name}
        </span>
        <button type="button" onClick={() => void signOut({ callbackUrl: '/login' })} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100">
          {t('nav.signOut')}
        </button>
      </div>
    </header>
  );
}
