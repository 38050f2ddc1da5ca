import { z } from 'zod';
import { InstantInput } from '@/server/validation';
import { isSend } from '@/server/attribution/policy';
import { Instant } from '@/server/clock';

/** `POST /api/v1/contacts/{id}/events` (SPEC §11): session.booked, session.paid, order.placed, campaign.sent... */
export const ContactEventBody = z.object({
  type: z
    .string()
    .regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, 'an event type like "session.booked" (lowercase, one dot)')
    .max(64)
    .meta({ examples: ['session.booked', 'order.placed', 'campaign.sent'] }),
  occurredAt: InstantInput,
  properties: z.record(z.string(), z.unknown()).default({}),
}).superRefine((event, ctx) => {
  // Attribution files replies under the campaign's or flow's name (SPEC §10).
  const name = event.properties.name;
  if (isSend(event.type) && (typeof name !== 'string' || name.trim() === '' || name.length > 200)) {
    ctx.addIssue({ code: 'custom', path: ['properties', 'name'], message: `required for ${event.type}: the campaign's or flow's name (at most 200 characters)` });
  }
});

export type ContactEventBody = z.infer<typeof ContactEventBody>;

/** A contact event as REST v1 answers once it is recorded. */
export const ApiContactEvent = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  type: z.string(),
  occurredAt: Instant,
  properties: z.record(z.string(), z.unknown()),
});
export type ApiContactEvent = z.infer<typeof ApiContactEvent>;
