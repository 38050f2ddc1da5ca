import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, conversations, messages, protocolRuns, users, workspaces } from '@/db/schema';
import type { Clock } from '@/server/clock';
import type { Effects } from '@/server/effects/unit-of-work';
import { sendAutomated } from '@/server/messages/send';
import { conversationValues, renderTemplate } from '@/server/templates/render';
import { defaultAutoMessage } from './defaults';

/**
 * 15 minutes after First contact starts, if no person has written, the assigned agent's own
 * automatic message goes out through the send pipeline (it does not meet stage 1). Returns the
 * time to try again when the contact's night makes it wait.
 */
export async function sendAutoMessage(db: Db, runId: string, clock: Clock, fx: Effects): Promise<{ retryAt: Date | null }> {
  const [row] = await db
    .select({ run: protocolRuns, conversation: conversations, contact: contacts, workspace: workspaces, agent: users })
    .from(protocolRuns)
    .innerJoin(conversations, eq(conversations.id, protocolRuns.conversationId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .where(eq(protocolRuns.id, runId));
  if (!row || row.run.stoppedAt) return { retryAt: null };
  // Someone already wrote (a person or an earlier automatic message): nothing to do.
  const [written] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, row.conversation.id),
        eq(messages.direction, 'outbound'),
        inArray(messages.authorKind, ['agent', 'auto_message']),
        gt(messages.sentAt, row.run.startedAt),
      ),
    )
    .limit(1);
  if (written) return { retryAt: null };
  const language = row.contact.locale === 'en' ? 'en' : 'es';
  const text = row.agent?.autoMessage ?? defaultAutoMessage[language];
  const { text: body } = renderTemplate(text, conversationValues({ contactName: row.contact.name, agentName: row.agent?.name ?? row.workspace.name }));
  const outcome = await sendAutomated(db, { conversationId: row.conversation.id, body, authorKind: 'auto_message' }, clock, fx);
  if (outcome.outcome === 'deferred') return { retryAt: outcome.until };
  if (outcome.outcome === 'refused') console.info(`automatic message for run ${runId} not sent: ${outcome.reason}`);
  return { retryAt: null };
}
