import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { requestLocale } from '@/i18n/server';
import { THEME } from '@/components/ui/theme';
import './globals.css';

export const metadata: Metadata = {
  title: 'Cadence',
  icons: { icon: '/icons/icon.svg', apple: '/icons/apple-touch-icon.png' },
  appleWebApp: { capable: true, title: 'Cadence' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: THEME.light },
    { media: '(prefers-color-scheme: dark)', color: THEME.dark },
  ],
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body className="h-full bg-slate-50 text-slate-900 antialiased">
        <Providers locale={locale}>{children}</Providers>
      </body>
    </html>
  );
}
