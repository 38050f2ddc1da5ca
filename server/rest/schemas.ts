import { z } from 'zod';
import {
  AUTHOR_KINDS,
  CHANNEL_KINDS,
  CONSENTS,
  CONVERSATION_STATUSES,
  DEADLINE_STATUSES,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  REASON_CODES,
  WINDOW_STATES,
} from '@/db/schema/values';
import { DeadlineFilterSchema, InboxSortSchema } from '@/server/conversations/schemas';

/*
 * The shapes of REST v1 (SPEC §11). Handlers build these, and the OpenAPI document is
 * generated from the very same objects.
 */

const Instant = z.iso.datetime().describe('ISO-8601, UTC');
const ChannelKind = z.enum(CHANNEL_KINDS);

export const ApiError = z.object({
  error: z.object({ code: z.string().describe('INVALID_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT or a send refusal code'), message: z.string() }),
});

export const ApiWindow = z.object({
  state: z.enum(WINDOW_STATES).describe('`none`: the channel has no window'),
  closesAt: Instant.nullable(),
  allowed: z.array(z.enum(MESSAGE_KINDS)),
  reason: z.enum(REASON_CODES).nullable().describe('why free-form text is refused now'),
});

export const ApiDeadline = z.object({
  protocol: z.string(),
  stage: z.string(),
  dueAt: Instant,
  status: z.enum(DEADLINE_STATUSES),
  metAt: Instant.nullable(),
});

export const ApiConversation = z.object({
  id: z.uuid(),
  status: z.enum(CONVERSATION_STATUSES),
  snoozedUntil: Instant.nullable(),
  assigneeId: z.uuid().nullable(),
  channel: z.object({ id: z.uuid(), kind: ChannelKind }),
  contact: z.object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    timeZone: z.string().nullable(),
    consent: z.enum(CONSENTS),
  }),
  lastInboundAt: Instant.nullable(),
  lastOutboundAt: Instant.nullable(),
  waitingSince: Instant.nullable().describe('since when the contact has been waiting for a person to reply; null when answered or closed'),
  window: ApiWindow,
  deadlines: z.array(ApiDeadline),
});

export const ApiMessage = z.object({
  id: z.uuid(),
  direction: z.enum(MESSAGE_DIRECTIONS),
  authorKind: z.enum(AUTHOR_KINDS),
  authorId: z.uuid().nullable(),
  kind: z.enum(MESSAGE_KINDS),
  body: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  providerMessageId: z.string().nullable(),
  sentAt: Instant,
});

export const ApiContactEvent = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  type: z.string(),
  occurredAt: Instant,
  properties: z.record(z.string(), z.unknown()),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const ListConversationsQuery = z.object({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  channel: ChannelKind.optional(),
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional().describe('a user id, `me` or `none`'),
  search: z.string().trim().min(1).max(200).optional().describe('contact name, phone (any formatting), email, message text'),
  deadline: DeadlineFilterSchema.optional().describe('state of the most urgent open protocol deadline'),
  sort: InboxSortSchema.default('urgent').describe('`urgent`: most urgent deadline first (default); `newest`: newest activity; `waiting`: oldest waiting for a person first'),
  campaign: z.string().min(1).max(200).optional().describe('the campaign or flow a reply was attributed to'),
  unread: z.enum(['true', 'false']).optional().describe('only conversations unread by the token user'),
  label: z.uuid().optional().describe('a label id'),
  team: z.uuid().optional().describe('a team id'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ListMessagesQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type ApiConversation = z.infer<typeof ApiConversation>;
export type ApiMessage = z.infer<typeof ApiMessage>;

export const AssigneeBody = z.object({ userId: z.uuid().nullable().describe('a user of the workspace, or null to unassign') });
