import { z } from 'zod';
import { MESSAGE_KINDS, REASON_CODES, WINDOW_STATES } from '@/db/schema/values';
import { Instant } from '@/server/clock';

/** A channel window as REST v1 shows it (SPEC §11): the policy's answer without what only the composer needs. */
export const ApiWindow = z.object({
  state: z.enum(WINDOW_STATES).describe('`none`: the channel has no window'),
  closesAt: Instant.nullable(),
  allowed: z.array(z.enum(MESSAGE_KINDS)),
  reason: z.enum(REASON_CODES).nullable().describe('why free-form text is refused now'),
});
export type ApiWindow = z.infer<typeof ApiWindow>;
