import type { ApiMessage } from '@/server/rest/schemas';
import type { messages } from '@/db/schema';

type Row = typeof messages.$inferSelect;

/** A message as the thread and realtime events carry it (SPEC §11's Message, plus the error shown in the thread). */
export type MessageView = {
  id: string;
  conversationId: string;
  direction: Row['direction'];
  authorKind: Row['authorKind'];
  authorId: string | null;
  kind: Row['kind'];
  tag: string | null;
  body: string;
  status: Row['status'];
  providerMessageId: string | null;
  error: { code: string | null; message: string | null } | null;
  sentAt: string;
};

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

/** The REST v1 Message of SPEC §11. */
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
