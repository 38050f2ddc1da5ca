import { DateTime } from 'luxon';
import { z } from 'zod';
import { CONSENTS } from '@/db/schema/values';
import { PageQuery } from '@/server/pagination/page';
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

const PHONE_SHAPE = /^\+?[\d\s().-]+$/;

/**
 * An empty text clears the field (null), as the form's emptied input does. The union reports the
 * text's own message only when its failure is not fatal to zod (a refinement or a format is not; an
 * enum mismatch or an aborting check would read "Invalid input"), hence the checks below.
 */
const clearable = <T extends z.ZodType<string>>(text: T) => z.union([text, z.literal(''), z.null()]).transform((v) => v || null);

/**
 * A contact's editable fields (SPEC §9, §11), validated alike by the side panel's form and REST:
 * follow-ups and quiet hours read the zone and the language, so integrators set them too.
 */
export const ContactFields = z.object({
  name: z.string().trim().min(1, 'the name cannot be empty').max(200, 'at most 200 characters'),
  email: clearable(z.email('not an email address').max(320, 'at most 320 characters')),
  phone: clearable(
    z
      .string()
      .trim()
      .max(40, 'at most 40 characters')
      .regex(PHONE_SHAPE, 'a phone number: digits, spaces and + ( ) - .')
      // Said only of a number written right, so one mistake gets one message.
      .refine((v) => !PHONE_SHAPE.test(v) || v.replace(/\D/g, '').length >= 3, 'a phone number has at least 3 digits'),
  ),
  timeZone: clearable(z.string().refine((zone) => DateTime.now().setZone(zone).isValid, 'not a time zone (e.g. Europe/Madrid)')),
  locale: z.enum(['es', 'en', ''], 'es or en').nullable().transform((v) => v || null),
});
export type ContactValues = z.infer<typeof ContactFields>;

/** The side panel's form: every field it shows (the phone is left as it is when absent). */
export const UpdateContactInput = ContactFields.partial({ phone: true }).extend({ contactId: z.uuid() });

/** `PATCH /api/v1/contacts/{id}`: the fields to change. */
export const PatchContactBody = ContactFields.partial();

/** `GET /api/v1/contacts?search=`: name, email (words) or phone (any formatting), newest first. */
export const ListContactsQuery = z.object({ search: z.string().trim().max(200).optional(), ...PageQuery.shape });

/** A contact in REST v1 (SPEC §11). */
export const ApiContact = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  consent: z.enum(CONSENTS),
  blocked: z.boolean(),
  createdAt: Instant,
});
export type ApiContact = z.infer<typeof ApiContact>;
