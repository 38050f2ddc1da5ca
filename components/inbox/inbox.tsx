'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useCallback, useEffect, useMemo } from 'react';
import type { SessionUser } from '@/server/auth/session';
import { AppHeader } from '../app-header';
import { ContactPanel } from '../contact/contact-panel';
import { useT } from '../i18n';
import { RealtimeProvider, useRealtime } from '../realtime/realtime-provider';
import { Thread } from '../thread/thread';
import { ConversationList } from './conversation-list';
import { FilterBar } from './filter-bar';
import { NoticesBanner } from './notices-banner';
import { viewFromParams, type InboxViewPatch } from './view';
import { isLead } from '@/server/access/roles';

function InboxScreen({ user }: { user: SessionUser }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => viewFromParams(params), [params]);
  const openId = params.get('c');
  const realtime = useRealtime();
  useEffect(() => {
    realtime.open(openId);
  }, [openId, realtime]);

  const navigate = useCallback(
    (patch: InboxViewPatch & { c?: string | null }) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );
  const changeView = useCallback((patch: InboxViewPatch) => navigate({ ...patch, c: null }), [navigate]);

  return (
    <div className="flex h-screen flex-col">
      <AppHeader user={user} />
      {!isLead(user.role) && <NoticesBanner userId={user.id} />}
      <div className="flex min-h-0 flex-1">
        <aside className="flex w-[380px] shrink-0 flex-col border-r border-slate-200 bg-white">
          <FilterBar view={view} onChange={changeView} />
          <ConversationList view={view} openId={openId} onOpen={(id) => navigate({ c: id })} />
        </aside>
        <main className="min-w-0 flex-1">
          {openId ? <Thread key={openId} conversationId={openId} user={user} /> : <p className="p-8 text-sm text-slate-500">{t('inbox.pick')}</p>}
        </main>
        {openId && <ContactPanel key={openId} conversationId={openId} />}
      </div>
    </div>
  );
}

export function Inbox({ user }: { user: SessionUser }) {
  // Reading search params needs a Suspense boundary in the App Router.
  return (
    <Suspense>
      <RealtimeProvider user={user}>
        <InboxScreen user={user} />
      </RealtimeProvider>
    </Suspense>
  );
}
