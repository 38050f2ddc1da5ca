import { z } from 'zod';
import { ListMessagesQuery, SendMessageRequest, sendInputOfRequest } from '@/server/messages/schemas';
import { sendOnce } from '@/server/messages/send';
import { IdempotencyKey } from '@/server/messages/send-key';
import { listThread } from '@/server/messages/service';
import { toApiMessage } from '@/server/messages/view';
import { jsonBody, parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

const ConversationId = z.uuid({ message: 'id: not a conversation id' });

export const GET = restRoute<{ id: string }>(async (_request, { db, user, url }, params) => {
  const q = parseOrThrow(ListMessagesQuery, queryOf(url));
  const page = await listThread(db, user, { conversationId: parseOrThrow(ConversationId, params.id), ...q });
  return Response.json({ data: page.data.map(toApiMessage), nextCursor: page.nextCursor });
});

/** `Idempotency-Key`, when sent: a retry with it gets the first answer and sends nothing. */
const SendHeaders = z.object({ 'Idempotency-Key': IdempotencyKey.optional() });
const idempotencyKeyOf = (request: Request) =>
  parseOrThrow(SendHeaders, { 'Idempotency-Key': request.headers.get('idempotency-key') ?? undefined })['Idempotency-Key'];

export const POST = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const conversationId = parseOrThrow(ConversationId, params.id);
  const key = idempotencyKeyOf(request);
  const send = sendInputOfRequest(conversationId, parseOrThrow(SendMessageRequest, await jsonBody(request)), key);
  const { message, replayed } = await sendOnce(db, user, send, clock, fx);
  return Response.json(toApiMessage(message), { status: 201, headers: replayed ? { 'Idempotent-Replayed': 'true' } : undefined });
});
