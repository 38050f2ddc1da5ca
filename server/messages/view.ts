import { z } from 'zod';
import type { messages } from '@/db/schema';
import { AUTHOR_KINDS, MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from '@/db/schema/values';
import { Instant } from '@/server/clock';
import { AttachmentView, onRoute } from '@/server/files/view';

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
  error: z
    .object({ code: z.string().nullable().describe('A send refusal of SPEC §3, `<provider>.<its code>`, or Cadence\'s own (NO_RECIPIENT, UNKNOWN, FILE_MISSING: a file\'s bytes are no longer stored…)'), message: z.string().nullable().describe('In the provider\'s own words where it gave them') })
    .nullable(),
  /** A failed message a person may send again (issue 15): its failure was transient, or the channel's. */
  retryable: z.boolean().describe('Failed, and may be retried (POST …/messages/{messageId}/retry) once its channel is connected'),
  sentAt: Instant,
  sentAtFromArrival: z
    .boolean()
    .describe('The provider gave no believable time (before 2009, far in the future, none): `sentAt` is when the webhook arrived'),
  /** What the message carries besides its text (SPEC §14), in the order it was sent. */
  attachments: z.array(AttachmentView),
});
export type MessageView = z.infer<typeof MessageView>;

/** The REST v1 Message of SPEC §11 (with why it failed and whether it may be retried): the view without what only the thread shows. */
export const ApiMessage = MessageView.omit({ conversationId: true, tag: true });
export type ApiMessage = z.infer<typeof ApiMessage>;

/** `attachments`: the message's, loaded beside it (files/attachments.ts); a message we write carries none. */
export function toMessageView(row: Row, attachments: AttachmentView[] = []): MessageView {
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
    retryable: row.retryable,
    sentAt: row.sentAt.toISOString(),
    sentAtFromArrival: row.sentAtFromArrival,
    attachments,
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
    error: m.error,
    retryable: m.retryable,
    sentAt: m.sentAt,
    sentAtFromArrival: m.sentAtFromArrival,
    attachments: m.attachments.map((a) => onRoute(a, 'api')),
  };
}
