'use client';
import type { ReactNode } from 'react';
import type { SessionUser } from '@/server/auth/session';
import { AppHeader } from './app-header';
import { RealtimeProvider } from './realtime/realtime-provider';
import { ViewerZoneProvider } from './ui/viewer-zone';

/** Every signed-in page: live updates, the header with presence and the bell, then the page. */
export function AppPage({ user, fill = false, children }: { user: SessionUser; fill?: boolean; children: ReactNode }) {
  return (
    <RealtimeProvider user={user}>
      <ViewerZoneProvider zone={user.timeZone}>
        <div className={`flex flex-col ${fill ? 'h-dvh' : 'min-h-dvh'}`}>
          <AppHeader user={user} />
          <main className={fill ? 'flex min-h-0 flex-1 flex-col' : 'min-w-0 flex-1'}>{children}</main>
        </div>
      </ViewerZoneProvider>
    </RealtimeProvider>
  );
}
