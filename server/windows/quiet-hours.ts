import { DateTime } from 'luxon';

/*
 * Recipient quiet hours (SPEC §3): a send that is not a reply to a message from the last
 * 60 minutes, and that would reach the contact outside their daytime hours, in their own zone,
 * is flagged; the agent may send it at the next start of the day, their time, or send anyway.
 */

export type DaytimeHours = { start: string; end: string };
export const DEFAULT_DAYTIME: DaytimeHours = { start: '08:00', end: '20:00' };
const REPLY_GRACE_MS = 60 * 60_000;

export type QuietHoursCheck =
  | { flagged: false }
  | { flagged: true; zone: string; localTime: string; sendAt: Date };

const minutesOf = (hhmm: string) => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

export function quietHoursFor(
  args: { now: Date; contactZone: string | null; fallbackZone: string; lastInboundAt: Date | null; hours?: DaytimeHours },
): QuietHoursCheck {
  const { now, lastInboundAt, hours = DEFAULT_DAYTIME } = args;
  if (lastInboundAt && now.getTime() - lastInboundAt.getTime() <= REPLY_GRACE_MS) return { flagged: false };
  const zone = args.contactZone && DateTime.now().setZone(args.contactZone).isValid ? args.contactZone : args.fallbackZone;
  const local = DateTime.fromJSDate(now, { zone });
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const minute = local.hour * 60 + local.minute + (local.second > 0 || local.millisecond > 0 ? 0.5 : 0);
  if (minute >= start && minute <= end) return { flagged: false };
  const day = minute < start ? local : local.plus({ days: 1 });
  // Luxon resolves the wall-clock time in the zone, so a DST change overnight is accounted for.
  const sendAt = day.set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 });
  return { flagged: true, zone, localTime: local.toFormat('HH:mm'), sendAt: sendAt.toJSDate() };
}
