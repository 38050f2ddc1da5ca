import { and, desc, eq, gt, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages, templates, users } from '@/db/schema';
import { loadReadableConversation } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { applyLifecycle } from '@/server/conversations/apply';
import { onOutbound, ON_ITS_WAY, PERSON_AUTHOR_KINDS } from '@/server/conversations/lifecycle';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { onPersonMessage, recomputeForAssignee } from '@/server/protocols/service';
import { enqueueJob } from '@/server/scheduler/queue';
import { MetaComponents, templateParameterKeys } from '@/server/channels/providers/whatsapp/template-components';
import { conversationValues, placeholdersOf, renderTemplate } from '@/server/templates/render';
import { refusalFor, windowFor, type MessageTag, type SendAttempt, type WindowInput } from '@/server/windows/policy';
import { reasonExplanations } from '@/server/windows/reasons';
import { loadSendContext, quietHoursOf, windowInputFor, type SendContext } from '@/server/windows/service';
import { attachmentViewsOf } from '@/server/files/attachments';
import { mediaPreview } from '@/server/files/preview';
import { attachUploads } from '@/server/files/uploads';
import { collidingReply, COLLISION_WINDOW_MS } from './collision';
import { enqueueDelivery } from './outbox';
import { filesToSend, windowRefusalForFiles } from './send-files';
import type { SendMessageBody, SendMessageInput } from './schemas';
import { answerAgain, bindSendKey, earlierSend, namedSend, recordAnswer } from './send-keys';
import { toMessageView, type MessageView } from './view';
import { whatsappTemplateCharged, type WhatsAppCategory } from '@/server/templates/pricing';
import { followupsAfterInteraction } from '@/server/followups/scheduling';
import { linkToMessage, shortenLinks } from '@/server/links/service';
import type { ReasonCode } from '@/server/windows/reasons';

type Resolved = { body: string; attempt: SendAttempt; templateId: string | null; templateParams?: Record<string, string> };
type Billing = 'whatsapp_template' | 'viber_outside_window' | null;

/** The text that will go out: free text as written, or a template rendered for this conversation. */
async function resolve(db: Db, ctx: SendContext, send: SendMessageBody, author: SessionUser): Promise<Resolved> {
  if (send.kind === 'free_form') {
    // SPEC §6: a placeholder left without a value blocks the send until it is edited.
    const unfilled = placeholdersOf(send.body);
    if (unfilled.length > 0) throw new AppError('INVALID_INPUT', `body: fill in ${unfilled.map((p) => `{{${p}}}`).join(', ')} before sending`);
    return { body: send.body, attempt: { kind: 'free_form' }, templateId: await templateIdIfOurs(db, ctx, send.fromTemplateId) };
  }
  if (send.kind === 'tagged') {
    if (ctx.channel.kind !== 'messenger' && ctx.channel.kind !== 'instagram') {
      throw new AppError('INVALID_INPUT', 'tag: message tags exist only on Messenger and Instagram');
    }
    return { body: send.body, attempt: { kind: 'tagged', tag: send.tag }, templateId: null };
  }
  const [template] = await db
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.id, send.templateId),
        eq(templates.workspaceId, ctx.conversation.workspaceId),
        isNull(templates.archivedAt),
        or(isNull(templates.ownerId), eq(templates.ownerId, author.id)),
      ),
    );
  if (!template) throw new AppError('INVALID_INPUT', 'templateId: no such template in this workspace');
  if (template.channelKinds.length > 0 && !template.channelKinds.includes(ctx.channel.kind)) {
    throw new AppError('INVALID_INPUT', `templateId: this template is not for ${ctx.channel.kind}`);
  }
  if (template.channelId && template.channelId !== ctx.channel.id) {
    throw new AppError('INVALID_INPUT', 'templateId: this template belongs to another WhatsApp channel');
  }
  const values = { ...conversationValues({ contactName: ctx.contact.name, agentName: author.name }), ...send.params };
  const rendered = renderTemplate(template.body, values);
  if (rendered.missing.length > 0) {
    throw new AppError('INVALID_INPUT', rendered.missing.map((name) => `params.${name}: no value for {{${name}}}`).join('; '));
  }
  return {
    body: rendered.text,
    attempt: { kind: 'template', approved: template.whatsappStatus === 'approved', category: template.whatsappCategory },
    templateId: template.id,
    ...(template.channelId && template.parameterFormat ? { templateParams: syncedTemplateParams(template.components, template.parameterFormat, values) } : {}),
  };
}

/** The parameters a synced WhatsApp template goes out with: every one it asks for, header and buttons too. */
function syncedTemplateParams(components: unknown, format: 'positional' | 'named', values: Record<string, string | null>): Record<string, string> {
  const needs = templateParameterKeys(MetaComponents.parse(components), format);
  if ('unsupported' in needs) throw new AppError('INVALID_INPUT', `templateId: this template has ${needs.unsupported}, which Cadence cannot send yet`);
  const missing = needs.keys.filter((key) => !values[key]?.trim());
  if (missing.length > 0) throw new AppError('INVALID_INPUT', missing.map((key) => `params.${key}: no value for this template parameter`).join('; '));
  return Object.fromEntries(needs.keys.map((key) => [key, values[key]!]));
}

async function templateIdIfOurs(db: Db, ctx: SendContext, templateId: string | undefined): Promise<string | null> {
  if (!templateId) return null;
  const [row] = await db
    .select({ id: templates.id })
    .from(templates)
    .where(and(eq(templates.id, templateId), eq(templates.workspaceId, ctx.conversation.workspaceId)));
  return row?.id ?? null;
}

/** SPEC §3 at this instant: what the send is billed as, or an AppError with the refusal's reason. */
export async function checkWindow(db: Db, ctx: SendContext, attempt: SendAttempt, now: Date, author: WindowInput['author'] = 'person'): Promise<Billing> {
  const window = windowFor(await windowInputFor(db, ctx, author, now), now);
  const reason = refusalFor(window, attempt);
  if (reason) throw new AppError(reason, reasonExplanations[reason]);
  if (window.billed === 'viber_outside_window') return window.billed;
  if (window.billed !== 'whatsapp_template' || attempt.kind !== 'template') return null;
  return whatsappTemplateCharged(attempt.category ?? null, window.state === 'open') ? window.billed : null;
}

/** SPEC §2: what the send does to its conversation (`senderId` null: an automation). */
const recordOutbound = (db: Db, ctx: SendContext, senderId: string | null, body: string, now: Date) =>
  applyLifecycle(db, ctx.conversation.id, onOutbound(ctx.conversation, { at: now, body, senderId }));

/**
 * A person on our side wrote: protocol stages may be met (SPEC §4), follow-ups start from it
 * (SPEC §7), and when the send took an unassigned conversation, its business-clock deadlines
 * move to the new assignee's zone.
 */
async function personWrote(db: Db, fx: Effects, ctx: SendContext, now: Date): Promise<void> {
  if (!ctx.conversation.assigneeId) await recomputeForAssignee(db, ctx.conversation.id);
  await escalateAfterBreaches(db, fx, await onPersonMessage(db, ctx.conversation.id, now));
  // A new interaction: follow-ups are scheduled from it, or moved to it (SPEC §7).
  await followupsAfterInteraction(db, fx, ctx.conversation.id, now);
  fx.add({ kind: 'conversation.changed', conversationId: ctx.conversation.id });
}

type OutboundFields = Pick<
  typeof messages.$inferInsert,
  'authorKind' | 'authorId' | 'kind' | 'body' | 'tag' | 'templateId' | 'templateParams' | 'billing' | 'status' | 'scheduledFor' | 'sentAt'
>;

/**
 * Every outbound message of every send path is stored here, in the send's transaction. An SMS's
 * `https://` links become our short links (SPEC §8) unless the sender asked to keep them.
 */
async function storeOutbound(tx: Db, fx: Effects, ctx: SendContext, fields: OutboundFields, opts: { shortenLinks: boolean }) {
  const shortened =
    ctx.channel.kind === 'sms' && opts.shortenLinks
      ? await shortenLinks(tx, { workspaceId: ctx.conversation.workspaceId, contactId: ctx.contact.id, body: fields.body, now: fields.sentAt })
      : { body: fields.body, codes: [] };
  const [row] = await tx
    .insert(messages)
    .values({ workspaceId: ctx.conversation.workspaceId, conversationId: ctx.conversation.id, channelId: ctx.channel.id, direction: 'outbound', ...fields, body: shortened.body })
    .returning();
  await linkToMessage(tx, shortened.codes, row!.id);
  fx.add({ kind: 'message.created', messageId: row!.id, conversationId: row!.conversationId });
  if (row!.status === 'queued') await enqueueDelivery(tx, fx, row!, row!.sentAt);
  return row!;
}

/** Refuses, until confirmed, a reply seconds after a colleague's in the same conversation. */
async function checkCollision(db: Db, conversationId: string, user: SessionUser, now: Date): Promise<void> {
  const replies = await db
    .select({ authorId: messages.authorId, authorName: users.name, sentAt: messages.sentAt })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        inArray(messages.authorKind, [...PERSON_AUTHOR_KINDS]),
        ne(messages.authorId, user.id),
        inArray(messages.status, [...ON_ITS_WAY]),
        gt(messages.sentAt, new Date(now.getTime() - COLLISION_WINDOW_MS)),
      ),
    )
    .orderBy(desc(messages.sentAt))
    .limit(5);
  const other = collidingReply(
    replies.map((r) => ({ authorId: r.authorId!, authorName: r.authorName, sentAt: r.sentAt })),
    user.id,
    now,
  );
  if (other) {
    throw new AppError('RECENT_REPLY', `${other.authorName} replied ${Math.round((now.getTime() - other.sentAt.getTime()) / 1000)} s ago: send anyway?`, {
      by: other.authorName,
      at: other.sentAt.toISOString(),
    });
  }
}

type SendRequest = Omit<SendMessageInput, 'quietHours' | 'recentReply'> & Partial<Pick<SendMessageInput, 'quietHours' | 'recentReply'>>;

/**
 * The one send pipeline (ARCHITECTURE): window check → persist (as `queued`, or `scheduled`
 * for later) in the same transaction → publish → provider adapter → status update. A refused
 * send rolls back and persists nothing.
 */
export async function sendMessage(db: Db, user: SessionUser, input: SendRequest, clock: Clock, fx: Effects): Promise<MessageView> {
  return (await sendOnce(db, user, input, clock, fx)).message;
}

/**
 * `sendMessage`, saying whether it answered a retry: a send named by a key already bound to a
 * message (issue 14.2) stores and sends nothing and gets the first answer back. Only a stored
 * message binds a key: a refused send leaves it free for the corrected one.
 */
export async function sendOnce(db: Db, user: SessionUser, input: SendRequest, clock: Clock, fx: Effects): Promise<{ message: MessageView; replayed: boolean }> {
  await loadReadableConversation(db, user, input.conversationId);
  const now = clock.now();
  const scheduleAt = input.scheduleAt ? new Date(input.scheduleAt) : null;
  const named = namedSend(input);

  const outcome = await transaction(db, fx, async (tx, fx) => {
    const ctx = await loadSendContext(tx, input.conversationId, { lock: true });
    // Before any check: the first send passed them, and a window closed since must not refuse its retry.
    const earlier = named && (await earlierSend(tx, user, named, now));
    if (earlier) return { replay: true as const, earlier };
    const row = await storeSend(tx, fx, ctx, user, input, now, scheduleAt);
    const attached = await attachmentViewsOf(tx, [row.id]);
    return { replay: false as const, row, attached: attached.get(row.id), keyId: named && (await bindSendKey(tx, user, named, row.id, now)) };
  });
  if (outcome.replay) return { message: await answerAgain(db, outcome.earlier), replayed: true };
  // Stored and queued: the delivery worker hands it to the provider; the thread follows it live.
  const message = toMessageView(outcome.row, outcome.attached);
  if (outcome.keyId) await recordAnswer(db, outcome.keyId, message);
  return { message, replayed: false };
}

/** The send's checks and writes, inside its transaction with the conversation locked. */
async function storeSend(tx: Db, fx: Effects, ctx: SendContext, user: SessionUser, input: SendRequest, now: Date, scheduleAt: Date | null) {
  // Checked after the replay: a retry that comes after the scheduled time gets its first answer.
  if (scheduleAt && scheduleAt <= now) throw new AppError('INVALID_INPUT', 'scheduleAt: must be in the future');
  const resolved = await resolve(tx, ctx, input.message, user);
  const files = input.message.kind === 'template' ? [] : await filesToSend(tx, ctx, input.message.attachments, now);
  const billing = await checkWindow(tx, ctx, resolved.attempt, now).catch((error: unknown) => {
    throw files.length > 0 ? windowRefusalForFiles(error) : error;
  });
  if (input.recentReply === 'ask' && !scheduleAt) await checkCollision(tx, ctx.conversation.id, user, now);
  if (scheduleAt) {
    // Refuse now what the channel will refuse then, unless the contact writes meanwhile.
    await checkWindow(tx, ctx, resolved.attempt, scheduleAt);
  } else if (input.quietHours === 'ask') {
    const quiet = quietHoursOf(ctx, now);
    if (quiet.flagged) {
      throw new AppError('QUIET_HOURS', `It is ${quiet.localTime} for the contact (${quiet.zone}): send at ${quiet.sendAt.toISOString()} or send anyway.`, {
        sendAt: quiet.sendAt.toISOString(),
        zone: quiet.zone,
        localTime: quiet.localTime,
      });
    }
  }
  const row = await storeOutbound(
    tx,
    fx,
    ctx,
    {
      authorKind: 'agent',
      authorId: user.id,
      kind: input.message.kind,
      body: resolved.body,
      tag: resolved.attempt.kind === 'tagged' ? resolved.attempt.tag : null,
      templateId: resolved.templateId,
      templateParams: resolved.templateParams ?? null,
      billing,
      status: scheduleAt ? 'scheduled' : 'queued',
      scheduledFor: scheduleAt,
      sentAt: scheduleAt ?? now,
    },
    { shortenLinks: input.shortenLinks ?? true },
  );
  // In the message's transaction: the delivery worker, which runs after it commits, finds them.
  await attachUploads(tx, row, files, now);
  if (scheduleAt) {
    await enqueueJob(tx, { kind: 'message.release_scheduled', runAt: scheduleAt, payload: { messageId: row.id } });
    return row;
  }
  await recordOutbound(tx, ctx, user.id, row.body || mediaPreview(files), now);
  await personWrote(tx, fx, ctx, now);
  return row;
}

/**
 * At its time, a scheduled send goes through the same checks again: the window may have
 * closed meanwhile, and then it fails with the reason instead of going out. Idempotent.
 */
export async function releaseScheduled(db: Db, messageId: string, clock: Clock, fx: Effects): Promise<void> {
  const now = clock.now();
  await transaction(db, fx, async (tx, fx) => {
    const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
    if (!message || message.status !== 'scheduled' || !message.authorId) return null;
    const ctx = await loadSendContext(tx, message.conversationId, { lock: true });
    try {
      // The text was rendered when it was written; only the channel rules are checked again.
      const billing = await checkWindow(tx, ctx, await storedAttempt(tx, message), now);
      await recordOutbound(tx, ctx, message.authorId, message.body, now);
      const [row] = await tx
        .update(messages)
        .set({ status: 'queued', sentAt: now, billing })
        .where(eq(messages.id, message.id))
        .returning();
      await enqueueDelivery(tx, fx, row!, now);
      await personWrote(tx, fx, ctx, now);
      fx.add({ kind: 'message.updated', messageId: row!.id });
      return row!;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const [row] = await tx
        .update(messages)
        .set({ status: 'failed', errorCode: error.code, errorMessage: error.message })
        .where(eq(messages.id, message.id))
        .returning();
      fx.add({ kind: 'message.updated', messageId: row!.id });
      return row!;
    }
  });
}

/** What a stored message asks of the window, checked again when it goes out later (a scheduled send, a retry). */
export async function storedAttempt(db: Db, message: typeof messages.$inferSelect): Promise<SendAttempt> {
  if (message.kind === 'tagged') return { kind: 'tagged', tag: message.tag as MessageTag };
  if (message.kind === 'free_form') return { kind: 'free_form' };
  const [template] = message.templateId ? await db.select().from(templates).where(eq(templates.id, message.templateId)) : [];
  return { kind: 'template', approved: template?.whatsappStatus === 'approved', category: template?.whatsappCategory ?? null };
}

/** Cancels a scheduled send that has not gone out yet. */
export async function cancelScheduled(db: Db, user: SessionUser, messageId: string, fx: Effects): Promise<MessageView> {
  const [message] = await db.select().from(messages).where(eq(messages.id, messageId));
  if (!message) throw new AppError('NOT_FOUND', 'message: no such message');
  await loadReadableConversation(db, user, message.conversationId);
  const [row] = await db
    .update(messages)
    .set({ status: 'cancelled' })
    .where(and(eq(messages.id, messageId), eq(messages.status, 'scheduled')))
    .returning();
  if (!row) throw new AppError('CONFLICT', 'message: it is no longer scheduled (already sent or cancelled)');
  fx.add({ kind: 'message.updated', messageId: row.id });
  return toMessageView(row);
}

export type AutomatedOutcome =
  | { outcome: 'sent'; message: MessageView }
  | { outcome: 'deferred'; until: Date }
  | { outcome: 'refused'; reason: ReasonCode };

/** An approved WhatsApp template an automation sends past the 24 h window (a follow-up's). */
export type AutomatedTemplate = { id: string; approved: boolean; category: WhatsAppCategory | null };

/**
 * Automated sends (the automatic message, follow-ups, SMS answers) go through the same pipeline
 * with the automation rules: no message tags meant for people, and outside the contact's daytime
 * hours they wait for the morning on their own (SPEC §3). They are not a person writing: they
 * meet no protocol stage and start no follow-up. `consentExempt`: an SMS answer the rules call
 * for whatever the contact's consent (HELP, an opt-out's confirmation, the auto-responder, SPEC §8).
 */
export async function sendAutomated(
  db: Db,
  args: { conversationId: string; body: string; authorKind: 'auto_message' | 'follow_up'; template?: AutomatedTemplate; consentExempt?: boolean },
  clock: Clock,
  fx: Effects,
): Promise<AutomatedOutcome> {
  const now = clock.now();
  const result = await transaction(db, fx, async (tx, fx): Promise<AutomatedOutcome | { outcome: 'stored'; row: typeof messages.$inferSelect }> => {
    const ctx = await loadSendContext(tx, args.conversationId, { lock: true });
    const quiet = quietHoursOf(ctx, now);
    if (quiet.flagged) return { outcome: 'deferred', until: quiet.sendAt };
    const input = await windowInputFor(tx, ctx, 'automation', now);
    const window = windowFor(args.consentExempt ? { ...input, contact: { ...input.contact, consent: 'granted' } } : input, now);
    const attempt: SendAttempt = args.template ? { kind: 'template', approved: args.template.approved, category: args.template.category } : { kind: 'free_form' };
    const reason = refusalFor(window, attempt);
    if (reason) return { outcome: 'refused', reason };
    const templateBilled = args.template && window.billed === 'whatsapp_template' && whatsappTemplateCharged(args.template.category, window.state === 'open');
    const row = await storeOutbound(
      tx,
      fx,
      ctx,
      {
        authorKind: args.authorKind,
        kind: attempt.kind,
        body: args.body,
        templateId: args.template?.id ?? null,
        billing: window.billed === 'viber_outside_window' ? window.billed : templateBilled ? 'whatsapp_template' : null,
        status: 'queued',
        sentAt: now,
      },
      { shortenLinks: true },
    );
    await recordOutbound(tx, ctx, null, row.body, now);
    return { outcome: 'stored', row };
  });
  if (result.outcome !== 'stored') return result;
  return { outcome: 'sent', message: toMessageView(result.row) };
}
