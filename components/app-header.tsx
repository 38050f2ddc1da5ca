'use client';
import Link from 'next/link';
import { signOut } from 'next-auth/react';
import { useQuery } from '@tanstack/react-query';
import type { MessageKey } from '@/i18n/messages';
import { isAdmin, isLead, isManager, type Role } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { useT } from './i18n';
import { NotificationBell } from './notifications/bell';
import { useRealtime } from './realtime/realtime-provider';
import { useOnline } from './realtime/presence-store';
import { useTRPC } from './trpc';
import { Avatars } from './ui/avatars';

/** Teammates with Cadence open now. */
function OnlineTeam({ userId }: { userId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const { presence } = useRealtime();
  const online = useOnline(presence);
  const directory = useQuery(trpc.conversations.directory.queryOptions());
  const people = (directory.data?.users ?? []).filter((u) => u.id !== userId && online.has(u.id));
  return <Avatars people={people} label={t('presence.online', { names: people.map((p) => p.name).join(', ') })} testId="online-team" />;
}

const everyone = () => true;

/** The header's places, each for the roles that may use it (the pages check the same again). */
const NAV: { href: string; label: MessageKey; may: (role: Role) => boolean }[] = [
  { href: '/inbox', label: 'nav.inbox', may: everyone },
  { href: '/team', label: 'nav.team', may: isLead },
  { href: '/reports', label: 'nav.reports', may: isManager },
  { href: '/settings/protocols', label: 'nav.protocols', may: isManager },
  { href: '/settings/templates', label: 'nav.templates', may: everyone },
  { href: '/settings/profile', label: 'nav.profile', may: everyone },
  { href: '/settings/tokens', label: 'nav.settings', may: isAdmin },
  { href: '/settings/dead-letters', label: 'deadLetters.nav', may: isAdmin },
];

export function AppHeader({ user }: { user: SessionUser }) {
  const t = useT();
  const { connected } = useRealtime();
  return (
    <header className="flex h-11 shrink-0 items-center justify-between border-b border-slate-200 bg-white px-4">
      <nav className="flex items-center gap-4 text-sm">
        <span className="font-semibold tracking-tight text-indigo-700">{t('app.name')}</span>
        {NAV.filter((item) => item.may(user.role)).map((item) => (
          <Link key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
            {t(item.label)}
          </Link>
        ))}
      </nav>
      <div className="flex items-center gap-3 text-sm">
        {!connected && (
          <span role="status" className="rounded bg-amber-100 px-2 py-0.5 text-amber-800">
            {t('realtime.offline')}
          </span>
        )}
        <OnlineTeam userId={user.id} />
        <NotificationBell />
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
