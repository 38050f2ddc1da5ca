import { cookies, headers } from 'next/headers';
import { pickLocale } from './locale';
import type { Locale } from './messages';

/** The locale of the current request, for server components. */
export async function requestLocale(): Promise<Locale> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return pickLocale(h.get('accept-language'), c.get('locale')?.value);
}
