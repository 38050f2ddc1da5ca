import { z } from 'zod';
import { CHANNEL_KINDS, CONSENTS, CONVERSATION_STATUSES } from '@/db/schema/values';
import { Instant } from '@/server/clock';
import { DeadlineView } from '@/server/protocols/view';

/** A conversation as the inbox list and realtime events carry it (times as ISO strings). */
export const ConversationSummary = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  status: z.enum(CONVERSATION_STATUSES),
  snoozedUntil: Instant.nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  teamId: z.uuid().nullable(),
  channel: z.object({ id: z.uuid(), kind: z.enum(CHANNEL_KINDS), name: z.string() }),
  contact: z.object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    timeZone: z.string().nullable(),
    locale: z.string().nullable(),
    blocked: z.boolean(),
    consent: z.enum(CONSENTS),
  }),
  lastMessageAt: Instant,
  lastInboundAt: Instant.nullable(),
  lastOutboundAt: Instant.nullable(),
  waitingSince: Instant.nullable().describe('since when the contact has been waiting for a person to reply; null when answered or closed'),
  lastMessagePreview: z.string().nullable(),
  /** The most urgent open protocol deadline, if any. */
  nextDeadline: DeadlineView.nullable(),
  labels: z.array(z.object({ id: z.uuid(), name: z.string(), color: z.string() })),
  attributedCampaign: z.string().nullable(),
  /** For the user who asked: a message arrived after they last read it. Absent in broadcasts. */
  unread: z.boolean().optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
