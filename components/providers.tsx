'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useState, type ReactNode } from 'react';
import type { Locale } from '@/i18n/messages';
import type { AppRouter } from '@/server/router';
import { I18nProvider } from './i18n';
import { TRPCProvider } from './trpc';

export function Providers({ locale, children }: { locale: Locale; children: ReactNode }) {
  // Realtime events keep the cache fresh, so queries are not refetched on focus.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc' })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
