import { z } from 'zod';

/** `POST /api/v1/contacts/{id}/events` (SPEC §11): session.booked, session.paid, order.placed, campaign.sent... */
export const ContactEventBody = z.object({
  type: z
    .string()
    .regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, 'an event type like "session.booked" (lowercase, one dot)')
    .max(64),
  occurredAt: z.iso.datetime({ offset: true }),
  properties: z.record(z.string(), z.unknown()).default({}),
});

export type ContactEventBody = z.infer<typeof ContactEventBody>;
