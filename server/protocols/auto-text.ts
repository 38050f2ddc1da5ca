import { DateTime } from 'luxon';
import { quietEndsAt, isQuiet, type QuietHours } from './deadline';
import { defaultAutoMessage, defaultOutOfHoursMessage } from './defaults';

export type AutoText = { body: string; values: Record<string, string> };

/**
 * Which automatic message goes out now (SPEC §4, §17): during the business clock's quiet hours,
 * read in `zone` (the assignee's, or the workspace's), the agent's out-of-hours text with the
 * time the team is back, in the contact's zone when known; otherwise their daytime text. Each
 * falls back to the default in `language`.
 */
export function autoMessageText(args: {
  now: Date;
  zone: string;
  quiet: QuietHours;
  contactZone: string | null;
  language: 'es' | 'en';
  daytime: string | null;
  outOfHours: string | null;
}): AutoText {
  const { now, zone, quiet, language } = args;
  if (!isQuiet(now, zone, quiet)) return { body: args.daytime ?? defaultAutoMessage[language], values: {} };
  const backAt = quietEndsAt(now, zone, quiet);
  const inContactZone = DateTime.fromJSDate(backAt, { zone: args.contactZone ?? zone });
  const back = inContactZone.isValid ? inContactZone : DateTime.fromJSDate(backAt, { zone });
  return { body: args.outOfHours ?? defaultOutOfHoursMessage[language], values: { 'team.back_at': back.toFormat('HH:mm') } };
}
