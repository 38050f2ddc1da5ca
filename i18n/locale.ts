import { defaultLocale, locales, type Locale } from './messages';

/**
 * The UI language: an explicit choice (cookie) first, then the browser's Accept-Language in
 * its order of preference, then Spanish.
 */
export function pickLocale(acceptLanguage: string | null, chosen?: string | null): Locale {
  if (chosen && (locales as string[]).includes(chosen)) return chosen as Locale;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.base && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { base } of ranked) if ((locales as string[]).includes(base)) return base as Locale;
  return defaultLocale;
}
