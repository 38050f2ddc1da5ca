import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations, followupRuns, templates, users } from '@/db/schema';
import type { FollowupMessage } from '@/db/schema/followups';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { sendAutomated, type AutomatedTemplate } from '@/server/messages/send';
import { placeholderValues } from '@/server/templates/service';
import { rankTemplates, type TemplateStage } from '@/server/templates/suggest';
import { windowFor } from '@/server/windows/policy';
import { loadSendContext, windowInputFor, type SendContext } from '@/server/windows/service';
import { decideAtDue, followupText, OPEN_RUN_STATUSES, windowReason } from './policy';
import { enqueueDue, followupConversation, logRun, settleRun } from './scheduling';

/*
 * A follow-up falls due (the `followup.due` job): checked again, then skipped, held for the
 * contact's morning, or sent through the send pipeline as a `follow_up` message. The run is
 * settled in the send's own transaction, under the conversation's lock, so however many
 * scheduler loops hold a job for it, it is sent at most once.
 */

/** The library's best suggestion for the stage, in the contact's language (SPEC §6, §7): shared templates only. */
async function bestSuggestion(tx: Db, ctx: SendContext, stage: TemplateStage | null): Promise<string | null> {
  const language = ctx.contact.locale ?? 'es';
  const rows = await tx
    .select()
    .from(templates)
    .where(and(eq(templates.workspaceId, ctx.conversation.workspaceId), isNull(templates.ownerId), isNull(templates.archivedAt), eq(templates.language, language)));
  const fitting = rows
    .filter((t) => t.stage === 'general' || t.stage === stage)
    .map((t) => ({ ...t, stage: t.stage as TemplateStage, channelKinds: t.channelKinds as string[], sendable: true }));
  return rankTemplates(fitting, { stage, channelKind: ctx.channel.kind, contactLanguage: language, usage: new Map() })[0]?.body ?? null;
}

async function whatsappTemplate(tx: Db, ctx: SendContext, templateId: string | null) {
  if (!templateId) return null;
  const [row] = await tx
    .select()
    .from(templates)
    .where(and(eq(templates.id, templateId), eq(templates.workspaceId, ctx.conversation.workspaceId), isNull(templates.archivedAt)));
  return row ?? null;
}

/** The text to send: free text from the follow-up's message, or the template's own words past the window. */
async function textToSend(tx: Db, ctx: SendContext, message: FollowupMessage, template: typeof templates.$inferSelect | null, stage: TemplateStage | null) {
  const [agent] = ctx.conversation.assigneeId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.conversation.assigneeId)) : [];
  const values = await placeholderValues(tx, ctx, agent?.name ?? ctx.workspace.name);
  if (template) return followupText({ kind: 'custom', body: template.body }, null, values);
  return followupText(message, message.kind === 'suggested' ? await bestSuggestion(tx, ctx, stage) : null, values);
}

export async function followupDue(db: Db, runId: string, clock: Clock, fx: Effects): Promise<void> {
  const now = clock.now();
  const [peek] = await db.select({ conversationId: followupRuns.conversationId }).from(followupRuns).where(eq(followupRuns.id, runId));
  if (!peek) return;
  await transaction(db, fx, async (tx, fx) => {
    // The conversation first, then the run: the order every interaction and stop trigger takes them in.
    await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, peek.conversationId)).for('update');
    const [run] = await tx
      .select()
      .from(followupRuns)
      .where(and(eq(followupRuns.id, runId), inArray(followupRuns.status, [...OPEN_RUN_STATUSES])))
      .for('update');
    // Settled already, or moved later by an interaction (its newer job covers it).
    if (!run || run.dueAt > now) return;
    const state = await followupConversation(tx, run.conversationId);
    if (!state) return;
    const ctx = await loadSendContext(tx, run.conversationId);
    const template = ctx.channel.kind === 'whatsapp' ? await whatsappTemplate(tx, ctx, run.settings.whatsappTemplateId) : null;
    const decision = decideAtDue({
      silenceAt: run.silenceAt,
      conditions: run.settings.conditions,
      conversation: state,
      window: windowFor(await windowInputFor(tx, ctx, 'automation', now), now),
      template: template && { approved: template.whatsappStatus === 'approved' },
      recipient: { zone: ctx.contact.timeZone, fallbackZone: ctx.workspace.timeZone, lastInboundAt: ctx.conversation.lastInboundAt, hours: ctx.workspace.settings.recipientHours },
      now,
    });
    if (decision.decision === 'skip') {
      await settleRun(tx, fx, run.id, { status: 'skipped', reason: decision.reason }, now);
      return;
    }
    if (decision.decision === 'wait') {
      await holdUntil(tx, fx, run, decision.until, now);
      return;
    }
    const viaTemplate = decision.via === 'template' ? template : null;
    const text = await textToSend(tx, ctx, run.settings.message, viaTemplate, state.stage);
    if ('skip' in text) {
      await settleRun(tx, fx, run.id, { status: 'skipped', reason: text.skip }, now);
      return;
    }
    const sendable: AutomatedTemplate | undefined = viaTemplate ? { id: viaTemplate.id, approved: viaTemplate.whatsappStatus === 'approved', category: viaTemplate.whatsappCategory } : undefined;
    const outcome = await sendAutomated(tx, { conversationId: run.conversationId, body: text.text, authorKind: 'follow_up', template: sendable }, clock, fx);
    if (outcome.outcome === 'sent') await settleRun(tx, fx, run.id, { status: 'sent', reason: decision.via, messageId: outcome.message.id }, now);
    else if (outcome.outcome === 'deferred') await holdUntil(tx, fx, run, outcome.until, now);
    else await settleRun(tx, fx, run.id, { status: 'skipped', reason: windowReason(outcome.reason) }, now);
  });
}

/** The contact's quiet hours: held until their morning, then checked again (SPEC §3). */
async function holdUntil(tx: Db, fx: Effects, run: typeof followupRuns.$inferSelect, until: Date, now: Date) {
  const [held] = await tx.update(followupRuns).set({ status: 'waiting', dueAt: until }).where(eq(followupRuns.id, run.id)).returning();
  await logRun(tx, fx, held!, 'waiting', 'quiet_hours', now);
  await enqueueDue(tx, held!);
}
