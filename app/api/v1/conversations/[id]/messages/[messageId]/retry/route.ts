import { z } from 'zod';
import { retryMessage } from '@/server/messages/retry';
import { toApiMessage } from '@/server/messages/view';
import { parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

const Params = z.object({ id: z.uuid({ message: 'not a conversation id' }), messageId: z.uuid({ message: 'not a message id' }) });

export const POST = restRoute<{ id: string; messageId: string }>(async (_request, { db, clock, user, fx }, params) => {
  const { id, messageId } = parseOrThrow(Params, params);
  return Response.json(toApiMessage(await retryMessage(db, user, { conversationId: id, messageId }, clock, fx)));
});
