import { z } from 'zod';
import type { messages } from '@/db/schema';
import { AUTHOR_KINDS, MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from '@/db/schema/values';
import { Instant } from '@/server/clock';

type Row = typeof messages.$inferSelect;

/** A message as the thread and realtime events carry it (SPEC §11's Message, plus the error shown in the thread). */
export const MessageView = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(MESSAGE_DIRECTIONS),
  authorKind: z.enum(AUTHOR_KINDS),
  authorId: z.uuid().nullable(),
  kind: z.enum(MESSAGE_KINDS),
  tag: z.string().nullable(),
  body: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  providerMessageId: z.string().nullable(),
  error: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  sentAt: Instant,
});
export type MessageView = z.infer<typeof MessageView>;

/** The REST v1 Message of SPEC §11: the view without what only the thread shows. */
export const ApiMessage = MessageView.omit({ conversationId: true, tag: true, error: true });
export type ApiMessage = z.infer<typeof ApiMessage>;

export function toMessageView(row: Row): MessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    direction: row.direction,
    authorKind: row.authorKind,
    authorId: row.authorId,
    kind: row.kind,
    tag: row.tag,
    body: row.body,
    status: row.status,
    providerMessageId: row.providerMessageId,
    error: row.errorCode || row.errorMessage ? { code: row.errorCode, message: row.errorMessage } : null,
    sentAt: row.sentAt.toISOString(),
  };
}

export function toApiMessage(m: MessageView): ApiMessage {
  return {
    id: m.id,
    direction: m.direction,
    authorKind: m.authorKind,
    authorId: m.authorId,
    kind: m.kind,
    body: m.body,
    status: m.status,
    providerMessageId: m.providerMessageId,
    sentAt: m.sentAt,
  };
}
