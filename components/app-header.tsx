'use client';
import Link from 'next/link';
import { signOut } from 'next-auth/react';
import { useQuery } from '@tanstack/react-query';
import type { MessageKey } from '@/i18n/messages';
import { isAdmin, isLead, isManager, type Role } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { AppHeaderMenu } from './app-header-menu';
import { AvailabilityPicker } from './availability-picker';
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
  { href: '/settings/channels', label: 'nav.channels', may: isManager },
  { href: '/settings/protocols', label: 'nav.protocols', may: isManager },
  { href: '/settings/followups', label: 'nav.followups', may: isManager },
  { href: '/settings/sms', label: 'nav.sms', may: isManager },
  { href: '/settings/templates', label: 'nav.templates', may: everyone },
  { href: '/settings/profile', label: 'nav.profile', may: everyone },
  { href: '/settings/people', label: 'nav.people', may: isAdmin },
  { href: '/settings/tokens', label: 'nav.settings', may: isAdmin },
  { href: '/settings/workspace', label: 'nav.workspace', may: isAdmin },
  { href: '/settings/teams', label: 'nav.teams', may: isLead },
  { href: '/settings/audit', label: 'nav.audit', may: isAdmin },
  { href: '/settings/dead-letters', label: 'deadLetters.nav', may: isAdmin },
];

export function AppHeader({ user }: { user: SessionUser }) {
  const t = useT();
  const { connected } = useRealtime();
  const links = NAV.filter((item) => item.may(user.role)).map((item) => ({ href: item.href, label: t(item.label) }));
  const account = (
    <>
      <AvailabilityPicker />
      <span className="text-slate-600" data-testid="current-user">
        {user.name}
      </span>
      <button type="button" onClick={() => void signOut({ callbackUrl: '/login' })} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100">
        {t('nav.signOut')}
      </button>
    </>
  );
  return (
    <header className="relative flex h-11 shrink-0 items-center justify-between gap-2 border-b border-slate-200 bg-white px-4">
      <nav aria-label={t('nav.main')} className="flex min-w-0 items-center gap-4 overflow-x-auto text-sm whitespace-nowrap">
        <span className="font-semibold tracking-tight text-indigo-700">{t('app.name')}</span>
        {links.map((link) => (
          <Link key={link.href} href={link.href} className="hidden text-slate-600 hover:text-slate-900 md:inline">
            {link.label}
          </Link>
        ))}
      </nav>
      <div className="flex shrink-0 items-center gap-3 text-sm">
        {!connected && (
          <span role="status" className="truncate rounded bg-amber-100 px-2 py-0.5 text-amber-800">
            {t('realtime.offline')}
          </span>
        )}
        <div className="hidden sm:block">
          <OnlineTeam userId={user.id} />
        </div>
        <div className="hidden items-center gap-3 md:flex">{account}</div>
        <NotificationBell />
        <AppHeaderMenu links={links}>{account}</AppHeaderMenu>
      </div>
    </header>
  );
}
