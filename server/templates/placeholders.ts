import { DateTime } from 'luxon';
import { placeholdersOf } from './render';

/** Names a template may use (SPEC §6), plus WhatsApp's numbered parameters {{1}}, {{2}}... */
export const KNOWN_PLACEHOLDERS = ['contact.first_name', 'contact.name', 'agent.name', 'session.start', 'session.link'] as const;

export function unknownPlaceholders(body: string): string[] {
  return placeholdersOf(body).filter((p) => !(KNOWN_PLACEHOLDERS as readonly string[]).includes(p) && !/^\d{1,2}$/.test(p));
}

const cityOf = (zone: string) => (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');

/**
 * A session's start in the contact's own zone, naming the zone, in their language:
 * "martes 3 de marzo, 17:00 (hora de Madrid)" / "Tuesday 3 March, 17:00 (Madrid time)".
 */
export function formatSessionStart(iso: string, zone: string, language: string): string {
  const local = DateTime.fromISO(iso, { zone }).setLocale(language === 'en' ? 'en-GB' : 'es');
  if (language === 'en') return `${local.toFormat('cccc d LLLL, HH:mm')} (${cityOf(zone)} time)`;
  return `${local.toFormat("cccc d 'de' LLLL, HH:mm")} (hora de ${cityOf(zone)})`;
}

/** Values of {{session.*}} from the contact's latest booked or paid session, if any. */
export function sessionValues(
  session: { start: string | null; link: string | null } | null,
  zone: string,
  language: string,
): Record<string, string | null> {
  return {
    'session.start': session?.start ? formatSessionStart(session.start, zone, language) : null,
    'session.link': session?.link ?? null,
  };
}
