'use client';
import { useQuery } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionUser } from '@/server/auth/session';
import { AppHeader } from '../app-header';
import { ContactPanel } from '../contact/contact-panel';
import { ContactSheet } from '../contact/contact-sheet';
import { useT } from '../i18n';
import { RealtimeProvider, useRealtime } from '../realtime/realtime-provider';
import { useFirstScreen } from '../thread/first-screen';
import { Thread } from '../thread/thread';
import { BulkBar, type BulkDone } from './bulk-bar';
import { ViewerZoneProvider } from '../ui/viewer-zone';
import { ConversationList } from './conversation-list';
import { FilterBar } from './filter-bar';
import { NoticesBanner } from './notices-banner';
import { UndoToast } from './undo-toast';
import { useInboxRows } from './use-inbox-rows';
import { useTriageKeys } from './use-triage-keys';
import { viewFromParams, type InboxViewPatch } from './view';
import { isLead } from '@/server/access/roles';

function InboxScreen({ user }: { user: SessionUser }) {
  const t = useT();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => viewFromParams(params), [params]);
  const openId = params.get('c');
  const realtime = useRealtime();
  useEffect(() => {
    realtime.open(openId);
  }, [openId, realtime]);
  const { rows } = useInboxRows(view);
  const firstScreen = useFirstScreen();
  const first = useQuery({ ...firstScreen.options(openId ?? ''), enabled: openId !== null });

  // The URL changes in place (no navigation round trip); Next's search params follow it.
  const navigate = useCallback(
    (patch: InboxViewPatch & { c?: string | null }, how: 'replace' | 'push' = 'replace') => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      // pushState and replaceState: Next's search params follow them with no navigation round trip.
      if (how === 'push') window.history.pushState(null, '', `${pathname}?${next.toString()}`);
      else window.history.replaceState(null, '', `${pathname}?${next.toString()}`);
    },
    [params, pathname],
  );
  const [selectedId, setSelectedId] = useState<string | null>(openId);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState<BulkDone | null>(null);
  const [jumps, setJumps] = useState(0);
  const changeView = useCallback(
    (patch: InboxViewPatch) => {
      setPicked(new Set());
      navigate({ ...patch, c: null });
    },
    [navigate],
  );
  // On a phone the list and the thread are two screens: opening from the list is a step the
  // browser's back undoes, and the back control undoes that same step when there is one.
  const pushedOpen = useRef(false);
  const open = useCallback(
    (id: string) => {
      setSelectedId(id);
      pushedOpen.current = pushedOpen.current || !openId;
      navigate({ c: id }, openId ? 'replace' : 'push');
    },
    [navigate, openId],
  );
  const back = useCallback(() => {
    if (pushedOpen.current) window.history.back();
    else navigate({ c: null });
    pushedOpen.current = false;
  }, [navigate]);
  const [contactOpen, setContactOpen] = useState(false);
  useEffect(() => setContactOpen(false), [openId]);

  // The rows beside the open one, remembered while it is listed: after it is closed or snoozed
  // (and has left the list) the next one opens.
  const index = rows.findIndex((r) => r.id === openId);
  const after = useRef<string | null>(null);
  if (index >= 0) after.current = (rows[index + 1] ?? rows[index - 1])?.id ?? null;
  const nextId = rows[index + 1]?.id;
  const previousId = rows[index - 1]?.id;
  useEffect(() => {
    // Ready before they are asked for: the next (what e and s open) and the previous; a moment
    // after the open, so they do not queue before the open thread's own requests.
    if (index < 0) return;
    const timer = setTimeout(() => {
      for (const id of [nextId, previousId]) if (id) firstScreen.prefetch(id);
    }, 300);
    return () => clearTimeout(timer);
  }, [index, nextId, previousId, firstScreen]);
  // The row the cursor rests on (j / k, Tab, a jump) is fetched before Enter asks for it.
  useEffect(() => {
    if (selectedId) firstScreen.prefetch(selectedId);
  }, [selectedId, firstScreen]);
  const openNext = useCallback(() => {
    if (after.current) open(after.current);
    else navigate({ c: null });
  }, [open, navigate]);

  useTriageKeys({
    move(step) {
      const at = rows.findIndex((r) => r.id === (selectedId ?? openId));
      const next = rows[at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step))];
      if (!next) return;
      setSelectedId(next.id);
      const beyond = rows[rows.indexOf(next) + step];
      if (beyond) firstScreen.prefetch(beyond.id);
    },
    open() {
      if (selectedId && selectedId !== openId) open(selectedId);
    },
    toggle() {
      const id = selectedId ?? openId;
      if (id) setPicked((p) => toggled(p, id));
    },
    jumpToNew: () => setJumps((n) => n + 1),
    clear: () => setPicked(new Set()),
  });

  return (
    <div className="flex h-dvh flex-col">
      <AppHeader user={user} />
      {!isLead(user.role) && <NoticesBanner userId={user.id} />}
      {/* Below 768 px one column at a time: the list, or the open thread; the contact is a sheet below 1024 px. */}
      <main className="flex min-h-0 flex-1">
        <h1 className="sr-only">{t('inbox.title')}</h1>
        <aside aria-label={t('inbox.list')} className={`${openId ? 'hidden md:flex' : 'flex'} w-full shrink-0 flex-col border-r border-slate-200 bg-white md:w-[340px] lg:w-[380px]`}>
          <FilterBar view={view} onChange={changeView} />
          {picked.size > 0 && (
            <BulkBar
              ids={[...picked]}
              user={user}
              onDone={(result) => {
                setPicked(new Set());
                setDone(result);
              }}
              onClear={() => setPicked(new Set())}
            />
          )}
          <ConversationList
            view={view}
            openId={openId}
            selectedId={selectedId}
            picked={picked}
            jumps={jumps}
            onOpen={open}
            onSelect={setSelectedId}
            onPick={(id) => setPicked((p) => toggled(p, id))}
            onHover={firstScreen.prefetch}
          />
        </aside>
        <div className={`${openId ? 'block' : 'hidden md:block'} min-w-0 flex-1`}>
          {openId ? (
            <Thread key={openId} conversationId={openId} user={user} onDone={openNext} onBack={back} onShowContact={() => setContactOpen(true)} />
          ) : (
            <p className="p-8 text-sm text-slate-500">{t('inbox.pick')}</p>
          )}
        </div>
        {openId && !first.isPending && (
          <div className="hidden lg:flex">
            <ContactPanel key={openId} conversationId={openId} />
          </div>
        )}
        {openId && contactOpen && <ContactSheet key={openId} conversationId={openId} onClose={() => setContactOpen(false)} />}
      </main>
      {done && <UndoToast key={done.bulkId} done={done} onClose={() => setDone(null)} />}
    </div>
  );
}

const toggled = (set: ReadonlySet<string>, id: string): ReadonlySet<string> => {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
};

export function Inbox({ user }: { user: SessionUser }) {
  // Reading search params needs a Suspense boundary in the App Router.
  return (
    <Suspense>
      <RealtimeProvider user={user}>
        <ViewerZoneProvider zone={user.timeZone}>
          <InboxScreen user={user} />
        </ViewerZoneProvider>
      </RealtimeProvider>
    </Suspense>
  );
}
