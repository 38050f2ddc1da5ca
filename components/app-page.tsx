'use client';
import type { ReactNode } from 'react';
import type { SessionUser } from '@/server/auth/session';
import { AppHeader } from './app-header';
import { RealtimeProvider } from './realtime/realtime-provider';

/** Every signed-in page: live updates, the header with presence and the bell, then the page. */
export function AppPage({ user, fill = false, children }: { user: SessionUser; fill?: boolean; children: ReactNode }) {
  return (
    <RealtimeProvider user={user}>
      <div className={`flex flex-col ${fill ? 'h-screen' : 'min-h-screen'}`}>
        <AppHeader user={user} />
        {children}
      </div>
    </RealtimeProvider>
  );
}
