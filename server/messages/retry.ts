import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import { loadReadableConversation } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { loadSendContext } from '@/server/windows/service';
import { enqueueDelivery } from './outbox';
import { retryRefusal, retryRefusalMessages } from './retry-policy';
import { checkWindow, storedAttempt } from './send';
import { toMessageView, type MessageView } from './view';

/**
 * "Retry" on a failed message (issue 15): the same message, queued again with a fresh outbox
 * row in one transaction, once the channel's window allows it now (refused as a send is, 422 with
 * the reason, and then it stays failed). The message row is locked, so two clicks queue it once.
 */
export async function retryMessage(db: Db, user: SessionUser, input: { conversationId: string; messageId: string }, clock: Clock, fx: Effects): Promise<MessageView> {
  await loadReadableConversation(db, user, input.conversationId);
  const now = clock.now();
  const row = await transaction(db, fx, async (tx, fx) => {
    const ctx = await loadSendContext(tx, input.conversationId, { lock: true });
    const [message] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, input.messageId), eq(messages.conversationId, input.conversationId), eq(messages.direction, 'outbound')))
      .for('update');
    if (!message) throw new AppError('NOT_FOUND', 'messageId: no such message of ours in this conversation');
    const refusal = retryRefusal(message, ctx.channel.state);
    if (refusal) throw new AppError('CONFLICT', retryRefusalMessages[refusal], { refusal });
    const billing = await checkWindow(tx, ctx, await storedAttempt(tx, message), now, message.authorKind === 'agent' ? 'person' : 'automation');
    const [queued] = await tx
      .update(messages)
      .set({ status: 'queued', errorCode: null, errorMessage: null, retryable: false, billing })
      .where(eq(messages.id, message.id))
      .returning();
    await enqueueDelivery(tx, fx, queued!, now);
    fx.add({ kind: 'message.updated', messageId: queued!.id });
    return queued!;
  });
  return toMessageView(row);
}
