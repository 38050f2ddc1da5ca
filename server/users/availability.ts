import { z } from 'zod';
import { AVAILABILITIES } from '@/db/schema/values';

/*
 * Presence as SPEC §15 has it: a person is online while a tab of theirs is open, unless they
 * said they are away or offline. Pure: whether a tab is open is passed in.
 */

export type Availability = (typeof AVAILABILITIES)[number];

export const AvailabilityInput = z.object({ availability: z.enum(AVAILABILITIES) });

/** What others see of a person: what they said, and `offline` whenever no tab of theirs is open. */
export function presenceOf(said: Availability, tabOpen: boolean): Availability {
  return tabOpen ? said : 'offline';
}
