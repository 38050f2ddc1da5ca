import type { MetadataRoute } from 'next';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { THEME } from '@/components/ui/theme';

/** Makes Cadence installable as a web app (SPEC §17): it opens on the inbox, in a window of its own. */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const locale = await requestLocale();
  return {
    name: translate(locale, 'app.name'),
    short_name: translate(locale, 'app.name'),
    description: translate(locale, 'app.description'),
    lang: locale,
    id: '/inbox',
    start_url: '/inbox',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: THEME.light,
    background_color: THEME.light,
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}
