import type { Locale } from '@/i18n/messages';

/** "5 min", "3 h", "2 d" style age for dense lists. */
export function shortAge(iso: string, now: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  const format = (value: number, unit: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value);
  if (minutes < 60) return format(minutes, 'minute');
  if (minutes < 48 * 60) return format(Math.round(minutes / 60), 'hour');
  return format(Math.round(minutes / 1440), 'day');
}

export function timeOfDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * The one way a duration reads, in the list, the thread and notices: "3 d 2 h", "5 h 12 min",
 * "2 h", "12 min", "45 s". No "12:05" form: next to due times it would read as a time of day.
 */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h >= 24) return h % 24 === 0 ? `${h / 24} d` : `${Math.floor(h / 24)} d ${h % 24} h`;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${total % 60} s`;
}

export function localTime(iso: string, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

/** A time of day as the agent reads it in their zone, 24-hour in both languages ("10:42"). */
export function clockTime(at: Date, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(at);
}

/** A day and month for dates beyond yesterday and tomorrow ("3 dic", "Dec 3"). */
export function shortDate(at: Date, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: zone }).format(at);
}
