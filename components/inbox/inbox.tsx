'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useCallback } from 'react';
import { InboxTabSchema, ConversationStatusSchema } from '@/server/conversations/schemas';
import type { SessionUser } from '@/server/auth/session';
import { AppHeader } from '../app-header';
import { useT } from '../i18n';
import { useRealtime } from '../realtime/use-realtime';
import { Thread } from '../thread/thread';
import { ConversationList } from './conversation-list';
import { FilterBar } from './filter-bar';
import { NoticesBanner } from './notices-banner';

export type InboxView = { tab: 'mine' | 'unassigned' | 'all'; status: 'open' | 'snoozed' | 'closed'; sort: 'urgent' | 'newest' };

function InboxScreen({ user }: { user: SessionUser }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The view lives in the URL so it can be bookmarked and shared.
  const view: InboxView = {
    tab: InboxTabSchema.catch('mine').parse(params.get('tab') ?? undefined),
    status: ConversationStatusSchema.catch('open').parse(params.get('status') ?? undefined),
    sort: params.get('sort') === 'newest' ? 'newest' : 'urgent',
  };
  const openId = params.get('c');
  const { connected } = useRealtime(user.id, openId);

  const navigate = useCallback(
    (patch: Partial<InboxView & { c: string | null }>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );

  return (
    <div className="flex h-screen flex-col">
      <AppHeader user={user}>
        {!connected && (
          <span role="status" className="rounded bg-amber-100 px-2 py-0.5 text-amber-800">
            {t('realtime.offline')}
          </span>
        )}
      </AppHeader>
      {user.role === 'agent' && <NoticesBanner userId={user.id} />}
      <div className="flex min-h-0 flex-1">
        <aside className="flex w-[380px] shrink-0 flex-col border-r border-slate-200 bg-white">
          <FilterBar view={view} onChange={(v) => navigate({ ...v, c: null })} />
          <ConversationList view={view} openId={openId} onOpen={(id) => navigate({ c: id })} />
        </aside>
        <main className="min-w-0 flex-1">
          {openId ? (
            <Thread key={openId} conversationId={openId} />
          ) : (
            <p className="p-8 text-sm text-slate-500">{t('inbox.pick')}</p>
          )}
        </main>
      </div>
    </div>
  );
}

export function Inbox({ user }: { user: SessionUser }) {
  // Reading search params needs a Suspense boundary in the App Router.
  return (
    <Suspense>
      <InboxScreen user={user} />
    </Suspense>
  );
}
