import { and, count, desc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { contactEvents, deadlines, messages, protocolRuns, protocols, templates } from '@/db/schema';
import type { ReadableConversation } from '@/server/access/conversations';
import { isManager } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { windowFor } from '@/server/windows/policy';
import { loadSendContext, windowInputFor, type SendContext } from '@/server/windows/service';
import { MetaComponents, templateParameterKeys } from '@/server/channels/providers/whatsapp/template-components';
import { sessionValues, unknownPlaceholders } from './placeholders';
import { conversationValues, placeholdersOf } from './render';
import type { SaveTemplateInput } from './schemas';
import { languageOfText } from './language';
import { rankTemplates, type TemplateStage } from './suggest';
import { whatsappTemplateCharged } from './pricing';

type Row = typeof templates.$inferSelect;

/** What the agent fills in: a synced WhatsApp template asks for its header and button parameters too. */
function parametersOf(t: Row): string[] {
  if (!t.channelId || !t.parameterFormat) return placeholdersOf(t.body);
  const needs = templateParameterKeys(MetaComponents.parse(t.components ?? []), t.parameterFormat);
  return 'keys' in needs ? needs.keys : placeholdersOf(t.body);
}

/** Shared templates and the user's own; archived ones only when asked. */
export async function listTemplates(db: Db, user: SessionUser, opts: { archived?: boolean } = {}) {
  const rows = await db
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.workspaceId, user.workspaceId),
        or(isNull(templates.ownerId), eq(templates.ownerId, user.id)),
        opts.archived ? undefined : isNull(templates.archivedAt),
      ),
    )
    .orderBy(templates.stage, templates.language, templates.name);
  return rows.map((t) => ({
    ...t,
    personal: t.ownerId !== null,
    // A template synced from WhatsApp is changed in Meta, never here.
    editable: !t.channelId && (t.ownerId === user.id || (t.ownerId === null && isManager(user.role))),
  }));
}

async function editableTemplate(db: Db, user: SessionUser, templateId: string): Promise<Row> {
  const [row] = await db.select().from(templates).where(and(eq(templates.id, templateId), eq(templates.workspaceId, user.workspaceId)));
  if (!row || (row.ownerId !== null && row.ownerId !== user.id)) throw new AppError('NOT_FOUND', 'templateId: no such template');
  if (row.ownerId === null && !isManager(user.role)) throw new AppError('FORBIDDEN', 'Only managers edit shared templates; save your own copy as personal.');
  if (row.channelId) throw new AppError('INVALID_INPUT', 'templateId: synced from WhatsApp; change it in WhatsApp Manager and sync again');
  return row;
}

/** Creates or edits a template; an unknown placeholder is refused naming it. */
export async function saveTemplate(db: Db, user: SessionUser, input: SaveTemplateInput) {
  const unknown = unknownPlaceholders(input.body);
  if (unknown.length > 0) {
    throw new AppError('INVALID_INPUT', `body: unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(', ')}`);
  }
  if (!input.personal && !isManager(user.role)) throw new AppError('FORBIDDEN', 'Only managers create shared templates; mark it personal.');
  const { templateId, personal, ...values } = input;
  const row = { ...values, ownerId: personal ? user.id : null };
  if (templateId) {
    await editableTemplate(db, user, templateId);
    const [updated] = await db.update(templates).set(row).where(eq(templates.id, templateId)).returning();
    return updated!;
  }
  const [created] = await db.insert(templates).values({ ...row, workspaceId: user.workspaceId }).returning();
  return created!;
}

export async function archiveTemplate(db: Db, user: SessionUser, templateId: string, now: Date) {
  await editableTemplate(db, user, templateId);
  await db.update(templates).set({ archivedAt: now }).where(eq(templates.id, templateId));
}

/** The stage the conversation is in: its most urgent open deadline's template stage. */
export async function currentStage(db: Db, conversationId: string): Promise<TemplateStage | null> {
  const [row] = await db
    .select({ stageIndex: deadlines.stageIndex, stages: protocols.stages })
    .from(deadlines)
    .innerJoin(protocolRuns, eq(protocolRuns.id, deadlines.runId))
    .innerJoin(protocols, eq(protocols.id, protocolRuns.protocolId))
    .where(and(eq(deadlines.conversationId, conversationId), inArray(deadlines.status, ['pending', 'breached'])))
    .orderBy(deadlines.dueAt)
    .limit(1);
  return row?.stages[row.stageIndex]?.templateStage ?? null;
}

/** The template stages of the conversation's protocol stages already met (on time or late). */
async function metStages(db: Db, conversationId: string): Promise<TemplateStage[]> {
  const rows = await db
    .select({ stageIndex: deadlines.stageIndex, stages: protocols.stages })
    .from(deadlines)
    .innerJoin(protocolRuns, eq(protocolRuns.id, deadlines.runId))
    .innerJoin(protocols, eq(protocols.id, protocolRuns.protocolId))
    .where(and(eq(deadlines.conversationId, conversationId), inArray(deadlines.status, ['met', 'met_late'])));
  return rows.flatMap((r) => r.stages[r.stageIndex]?.templateStage ?? []);
}

const SessionProperties = z.object({ start: z.iso.datetime({ offset: true }).optional(), link: z.url().optional() });

/** The contact's latest booked or paid session, as reported through contact events. */
async function latestSession(db: Db, contactId: string) {
  const [event] = await db
    .select({ properties: contactEvents.properties })
    .from(contactEvents)
    .where(and(eq(contactEvents.contactId, contactId), inArray(contactEvents.type, ['session.booked', 'session.paid'])))
    .orderBy(desc(contactEvents.occurredAt))
    .limit(1);
  const parsed = SessionProperties.safeParse(event?.properties ?? {});
  return parsed.success && event ? { start: parsed.data.start ?? null, link: parsed.data.link ?? null } : null;
}

/**
 * What the composer offers in a conversation now: every template the agent may use, whether
 * the channel would deliver it, the ranked suggestions, and the values of the placeholders.
 */
export async function templatesForConversation(db: Db, user: SessionUser, conversation: ReadableConversation, now: Date) {
  const ctx = await loadSendContext(db, conversation.id);
  const window = windowFor(await windowInputFor(db, ctx, 'person', now), now);
  const usageRows = await db
    .select({ id: messages.templateId, n: count() })
    .from(messages)
    .where(and(eq(messages.authorId, user.id), isNotNull(messages.templateId)))
    .groupBy(messages.templateId);
  const all = (await listTemplates(db, user))
    // A synced WhatsApp template exists only in its own channel's account.
    .filter((t) => (t.channelKinds.length === 0 || t.channelKinds.includes(ctx.channel.kind)) && (!t.channelId || t.channelId === ctx.channel.id))
    .map((t) => ({
      id: t.id,
      name: t.name,
      stage: t.stage as TemplateStage,
      channelKinds: t.channelKinds as string[],
      language: t.language,
      body: t.body,
      placeholders: parametersOf(t),
      personal: t.personal,
      whatsappStatus: t.whatsappStatus,
      whatsappCategory: t.whatsappCategory,
      sendable: window.allowed.includes('template') && (!window.approvedTemplateOnly || t.whatsappStatus === 'approved'),
      billed: window.billed === 'whatsapp_template' && whatsappTemplateCharged(t.whatsappCategory, window.state === 'open'),
    }));
  const [lastInbound] = await db
    .select({ body: messages.body })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.direction, 'inbound')))
    .orderBy(desc(messages.sentAt))
    .limit(1);
  const ranked = rankTemplates(all, {
    stage: await currentStage(db, conversation.id),
    metStages: await metStages(db, conversation.id),
    channelKind: ctx.channel.kind,
    // The language they last wrote in, else the one known for them.
    contactLanguage: (lastInbound && languageOfText(lastInbound.body)) ?? ctx.contact.locale,
    usage: new Map(usageRows.map((r) => [r.id!, r.n])),
  });
  return {
    all: ranked.concat(all.filter((t) => !ranked.includes(t))),
    suggestions: ranked.slice(0, 3).map((t) => t.id),
    values: await placeholderValues(db, ctx, user.name),
  };
}

/** What the placeholders of a text for this conversation's contact stand for, written by `agentName`. */
export async function placeholderValues(db: Db, ctx: SendContext, agentName: string | null): Promise<Record<string, string | null>> {
  const zone = ctx.contact.timeZone ?? ctx.workspace.timeZone;
  return {
    ...conversationValues({ contactName: ctx.contact.name, agentName }),
    ...sessionValues(await latestSession(db, ctx.contact.id), zone, ctx.contact.locale ?? 'es'),
  };
}
