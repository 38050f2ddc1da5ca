import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, conversations, messages, protocolRuns, users, workspaces } from '@/db/schema';
import type { Clock } from '@/server/clock';
import type { Effects } from '@/server/effects/unit-of-work';
import { sendAutomated } from '@/server/messages/send';
import { conversationValues, renderTemplate } from '@/server/templates/render';
import { autoMessageText } from './auto-text';
import { DEFAULT_QUIET_HOURS, type QuietHours } from './deadline';

/**
 * 15 minutes after First contact starts, if no person has written, the assigned agent's own
 * automatic message goes out through the send pipeline (it does not meet stage 1): at night
 * (the business clock's quiet hours) their out-of-hours text, which says when the team is back. Returns the
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
  const language = (row.contact.locale ?? row.workspace.locale) === 'en' ? 'en' : 'es';
  const auto = autoMessageText({
    now: clock.now(),
    // The business clock's zone: the assignee's, or the workspace's while unassigned.
    zone: row.agent?.timeZone ?? row.workspace.timeZone,
    quiet: (row.workspace.settings.businessQuietHours ?? DEFAULT_QUIET_HOURS) as QuietHours,
    contactZone: row.contact.timeZone,
    language,
    daytime: row.agent?.autoMessage ?? null,
    outOfHours: row.agent?.outOfHoursMessage ?? null,
  });
  const { text: body } = renderTemplate(auto.body, { ...conversationValues({ contactName: row.contact.name, agentName: row.agent?.name ?? row.workspace.name }), ...auto.values });
  const outcome = await sendAutomated(db, { conversationId: row.conversation.id, body, authorKind: 'auto_message' }, clock, fx);
  if (outcome.outcome === 'deferred') return { retryAt: outcome.until };
  if (outcome.outcome === 'refused') console.info(`automatic message for run ${runId} not sent: ${outcome.reason}`);
  return { retryAt: null };
}
