import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Locale } from '@/i18n/messages';
import type { AppRouter } from '@/server/router';
import { I18nProvider } from './i18n';
import { TRPCProvider } from './trpc';

/** A component's first render as HTML, inside the app's providers (no request is made: queries start empty). */
export function renderStatic(element: ReactElement, locale: Locale): string {
  const queryClient = new QueryClient();
  const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost/api/trpc' })] });
  const localized = createElement(I18nProvider, { locale, children: element });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: queryClient }, createElement(TRPCProvider, { trpcClient, queryClient, children: localized })));
}
