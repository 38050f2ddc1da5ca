import { z } from 'zod';
import { ListMessagesQuery, SendMessageRequest, sendInputOfRequest } from '@/server/messages/schemas';
import { sendMessage } from '@/server/messages/send';
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

export const POST = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const conversationId = parseOrThrow(ConversationId, params.id);
  const send = sendInputOfRequest(conversationId, parseOrThrow(SendMessageRequest, await jsonBody(request)));
  const sent = await sendMessage(db, user, send, clock, fx);
  return Response.json(toApiMessage(sent), { status: 201 });
});
