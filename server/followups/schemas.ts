import { z } from 'zod';
import { CHANNEL_KINDS, COLORS, FOLLOWUP_LOG_STATUSES, FOLLOWUP_STOP_TRIGGERS, TEMPLATE_STAGES } from '@/db/schema/values';
import { Instant } from '@/server/clock';
import { MAX_DELAY_MINUTES } from './policy';

/*
 * Follow-ups (SPEC §7) at the edges, once: the REST bodies, the tRPC inputs and the OpenAPI
 * document are these schemas, and the answers' types are inferred from them.
 */

const unique = <T>(list: T[]) => [...new Set(list)];

export const FollowupMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('custom'), body: z.string().trim().min(1, 'write the message').max(4096, 'at most 4096 characters') }),
  z.object({ kind: z.literal('suggested').describe("the template library's best suggestion for the conversation's stage, in the contact's language") }),
]);

export const FollowupConditionsSchema = z.object({
  lastMessageOurs: z.boolean().default(true).describe('the newest message is ours and unanswered (default true)'),
  labelIds: z.array(z.uuid()).max(20).default([]).describe('the conversation has every one of these labels'),
  withoutLabelIds: z.array(z.uuid()).max(20).default([]).describe('...and none of these'),
  stage: z.enum(TEMPLATE_STAGES).nullable().default(null).describe("the conversation's current protocol stage; null: any"),
});

const fields = {
  name: z.string().trim().min(1, 'required').max(100, 'at most 100 characters'),
  color: z.enum(COLORS),
  delayMinutes: z
    .number()
    .int('whole minutes')
    .min(1, 'at least 1 minute')
    .max(MAX_DELAY_MINUTES, `at most ${MAX_DELAY_MINUTES} minutes (30 days)`)
    .describe('after the last message a person wrote, on either side; over 1440 on Instagram or Messenger it is clamped to 1440'),
  channelKinds: z.array(z.enum(CHANNEL_KINDS)).min(1, 'choose at least one channel').transform(unique),
  conditions: FollowupConditionsSchema.describe('replaced whole when given; the conversation must also be open'),
  message: FollowupMessageSchema,
  whatsappTemplateId: z.uuid().nullable().describe('an approved WhatsApp template, sent once the 24 h window has closed; required when the delay exceeds 24 h on WhatsApp'),
  stopOn: z.array(z.enum(FOLLOWUP_STOP_TRIGGERS)).min(1, 'required: choose at least one stop trigger').transform(unique).describe('any of these events stops every pending follow-up of the conversation'),
  active: z.boolean(),
};

/** `POST /api/v1/followups` and the form's create. */
export const CreateFollowupBody = z.object({
  ...fields,
  color: fields.color.default('slate'),
  conditions: fields.conditions.prefault({}),
  whatsappTemplateId: fields.whatsappTemplateId.default(null),
  active: fields.active.default(true),
});
export type CreateFollowupBody = z.infer<typeof CreateFollowupBody>;

/** `PATCH /api/v1/followups/{id}`: the fields to change; it affects only follow-ups scheduled afterwards. */
export const UpdateFollowupBody = z.object(fields).partial();
export type UpdateFollowupBody = z.infer<typeof UpdateFollowupBody>;

export const ListFollowupsQuery = z.object({ color: z.enum(COLORS).optional() });

export const FollowupIdInput = z.object({ followupId: z.uuid() });
export const UpdateFollowupInput = FollowupIdInput.extend(UpdateFollowupBody.shape);
export const SetFollowupActiveInput = FollowupIdInput.extend({ active: z.boolean() });

export const FollowupCounts = z.object({
  scheduled: z.number().int(),
  sent: z.number().int(),
  skipped: z.number().int(),
  cancelled: z.number().int(),
  replies: z.number().int().describe('sent follow-ups the contact answered within 24 h'),
});

/** A follow-up as REST v1 and the settings page show it. */
export const ApiFollowup = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.enum(COLORS),
  delayMinutes: z.number().int().describe('the delay in force'),
  requestedDelayMinutes: z.number().int().optional().describe('what was asked for, when Instagram or Messenger clamped it'),
  warnings: z.array(z.string()),
  channelKinds: z.array(z.enum(CHANNEL_KINDS)),
  conditions: z.object({ lastMessageOurs: z.boolean(), labelIds: z.array(z.uuid()), withoutLabelIds: z.array(z.uuid()), stage: z.enum(TEMPLATE_STAGES).nullable() }),
  message: z.discriminatedUnion('kind', [z.object({ kind: z.literal('custom'), body: z.string() }), z.object({ kind: z.literal('suggested') })]),
  whatsappTemplateId: z.uuid().nullable(),
  stopOn: z.array(z.enum(FOLLOWUP_STOP_TRIGGERS)),
  active: z.boolean(),
  counts: FollowupCounts,
  createdAt: Instant,
  updatedAt: Instant,
});
export type ApiFollowup = z.infer<typeof ApiFollowup>;

/** One entry of a follow-up's log (SPEC §7): `GET /api/v1/conversations/{id}/followups`. */
export const ApiFollowupLog = z.object({
  followupId: z.uuid(),
  status: z.enum(FOLLOWUP_LOG_STATUSES),
  reason: z.string().describe('why: conditions_met, moved, quiet_hours, free_form, template, a stop trigger, or what was missing'),
  at: Instant,
  dueAt: Instant,
});
export type ApiFollowupLog = z.infer<typeof ApiFollowupLog>;

/** A log entry on screen: with the follow-up's name and color, and the conversation it is about. */
export const FollowupLogView = ApiFollowupLog.extend({ id: z.uuid(), name: z.string(), color: z.enum(COLORS), conversationId: z.uuid() });
export type FollowupLogView = z.infer<typeof FollowupLogView>;
