import { z } from 'zod';
import { CHANNEL_KINDS, CONVERSATION_STATUSES } from '@/db/schema/values';

export const InboxTabSchema = z.enum(['mine', 'unassigned', 'all']);
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
  search: z.string().trim().min(1).max(200).optional(),
  unread: z.boolean().optional(),
  teamId: z.uuid().optional(),
  labelId: z.uuid().optional(),
  /** The campaign or flow a reply was attributed to (filled by attribution, SPEC §10). */
  campaign: z.string().min(1).max(200).optional(),
  deadline: DeadlineFilterSchema.optional(),
  sort: InboxSortSchema.default('urgent'),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const ConversationIdInput = z.object({ conversationId: z.uuid() });

export const SnoozePresetSchema = z.enum(['later_today', 'tomorrow', 'next_week']);

export type ListConversationsInput = z.infer<typeof ListConversationsInput>;

/** `POST .../status` (SPEC §11): open, close, or snooze until a moment. */
export const StatusChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('open') }),
  z.object({ status: z.literal('closed') }),
  z.object({ status: z.literal('snoozed'), until: z.iso.datetime({ offset: true }) }),
]);
export type StatusChange = z.infer<typeof StatusChange>;
