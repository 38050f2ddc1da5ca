import { z } from 'zod';
import { InstantInput } from '@/server/validation';
import { CHANNEL_KINDS, CONVERSATION_STATUSES } from '@/db/schema/values';
import { PageInput, PageQuery } from '@/server/pagination/page';
import { BULK_LIMIT } from './bulk';

export const InboxTabSchema = z.enum(['mine', 'unassigned', 'all']);
export type InboxTab = z.infer<typeof InboxTabSchema>;
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
/** `urgent`: most urgent deadline first (the default); `newest`: newest activity first; `waiting`: the contact waiting longest for a person first. */
export const InboxSortSchema = z.enum(['urgent', 'newest', 'waiting']);
/** By the most urgent open deadline: overdue, due within 1 h, on track (later), none. */
export const DeadlineFilterSchema = z.enum(['overdue', 'due_1h', 'on_track', 'none']);

export const ListConversationsInput = z.object({
  tab: InboxTabSchema.default('all'),
  /** Absent: every status (REST); the inbox always names one. */
  status: ConversationStatusSchema.optional(),
  channel: z.enum(CHANNEL_KINDS).optional(),
  /** A user id, or `none` for unassigned. */
  assignee: z.union([z.uuid(), z.literal('none')]).optional(),
  search: z.string().trim().min(1).max(200).optional().describe('contact name, phone (any formatting), email, message text'),
  unread: z.boolean().optional(),
  teamId: z.uuid().optional().describe('a team id'),
  labelId: z.uuid().optional().describe('a label id'),
  /** Filled by attribution (SPEC §10). */
  campaign: z.string().min(1).max(200).optional().describe('the campaign or flow a reply was attributed to'),
  deadline: DeadlineFilterSchema.optional().describe('state of the most urgent open protocol deadline'),
  sort: InboxSortSchema.default('urgent').describe('`urgent`: most urgent deadline first (default); `newest`: newest activity; `waiting`: oldest waiting for a person first'),
  ...PageInput.shape,
});

/**
 * `GET /api/v1/conversations` (SPEC §11): the inbox's filters as a query string. Every tab at
 * once; `assignee` may also be `me`, the token's user; label and team have short names.
 */
export const ListConversationsQuery = ListConversationsInput.pick({
  status: true,
  channel: true,
  assignee: true,
  search: true,
  deadline: true,
  sort: true,
  campaign: true,
  unread: true,
}).extend({
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional().describe('a user id, `me` or `none`'),
  unread: z.enum(['true', 'false']).optional().describe('only conversations unread by the token user'),
  label: ListConversationsInput.shape.labelId,
  team: ListConversationsInput.shape.teamId,
  ...PageQuery.shape,
});

/** The inbox query a REST query string asks for, for the token's user. */
export function listInputOfQuery(q: z.infer<typeof ListConversationsQuery>, userId: string): ListConversationsInput {
  return {
    tab: 'all',
    status: q.status,
    channel: q.channel,
    assignee: q.assignee === 'me' ? userId : q.assignee,
    search: q.search,
    deadline: q.deadline,
    campaign: q.campaign,
    unread: q.unread === 'true' ? true : undefined,
    labelId: q.label,
    teamId: q.team,
    sort: q.sort,
    cursor: q.cursor,
    limit: q.limit,
  };
}

export const ConversationIdInput = z.object({ conversationId: z.uuid() });

export const AssignInput = z.object({ conversationId: z.uuid(), userId: z.uuid().nullable().describe('a user of the workspace, or null to unassign') });
/** `POST /api/v1/conversations/{id}/assignee` (SPEC §11): the conversation is named by the path. */
export const AssigneeBody = AssignInput.omit({ conversationId: true });

export const SnoozePresetSchema = z.enum(['later_today', 'tomorrow', 'next_week']);
/** Snooze by a preset in the user's own zone, or until a chosen moment. */
const SnoozeFields = z.object({ preset: SnoozePresetSchema.optional(), until: InstantInput.optional() });
const presetOrMoment = (v: z.infer<typeof SnoozeFields>) => Boolean(v.preset || v.until);
const presetOrMomentIssue = { message: 'choose a preset or a moment', path: ['until'] };
/** A snooze of the bulk bar: the toast's undo is its second thought, so it does not ask about deadlines. */
export const SnoozeChoice = SnoozeFields.refine(presetOrMoment, presetOrMomentIssue);

/** The inbox's selection for a bulk action (SPEC §17). */
export const BulkIdsInput = z.object({
  conversationIds: z.array(z.uuid()).min(1, 'select at least one conversation').max(BULK_LIMIT, `at most ${BULK_LIMIT} conversations at once`),
});
export const BulkUndoInput = z.object({ bulkId: z.uuid() });

export type ListConversationsInput = z.infer<typeof ListConversationsInput>;

/**
 * A snooze past a pending required deadline (SPEC §4): `ask` answers 409 SNOOZE_PAST_DEADLINE
 * naming the stage and its due time; `snooze_anyway` snoozes. The agent's snooze menu asks;
 * REST callers are not asked unless they send `"pastDeadline":"ask"`.
 */
export const PastDeadlineChoice = z.enum(['ask', 'snooze_anyway']);
/** The snooze menu's: past a pending required deadline it asks first unless told `snooze_anyway` (SPEC §4). */
export const SnoozeInput = SnoozeFields.extend({ pastDeadline: PastDeadlineChoice.default('ask') }).refine(presetOrMoment, presetOrMomentIssue);

/** `POST .../status` (SPEC §11): open, close, or snooze until a moment. */
export const StatusChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('open') }),
  z.object({ status: z.literal('closed') }),
  z.object({ status: z.literal('snoozed'), until: InstantInput, pastDeadline: PastDeadlineChoice.default('snooze_anyway') }),
]);
export type StatusChange = z.infer<typeof StatusChange>;
