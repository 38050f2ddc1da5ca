import { and, count, desc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { contactEvents, deadlines, messages, protocolRuns, protocols, templates } from '@/db/schema';
import type { ReadableConversation } from '@/server/access/conversations';
import { isManager } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { windowFor } from '@/server/windows/policy';
import { loadSendContext, windowInputFor } from '@/server/windows/service';
import { sessionValues, unknownPlaceholders } from './placeholders';
import { conversationValues, placeholdersOf } from './render';
import type { SaveTemplateInput } from './schemas';
import { rankTemplates, type TemplateStage } from './suggest';

type Row = typeof templates.$inferSelect;

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
  return rows.map((t) => ({ ...t, personal: t.ownerId !== null, editable: t.ownerId === user.id || (t.ownerId === null && isManager(user.role)) }));
}

async function editableTemplate(db: Db, user: SessionUser, templateId: string): Promise<Row> {
  const [row] = await db.select().from(templates).where(and(eq(templates.id, templateId), eq(templates.workspaceId, user.workspaceId)));
  if (!row || (row.ownerId !== null && row.ownerId !== user.id)) throw new AppError('NOT_FOUND', 'templateId: no such template');
  if (row.ownerId === null && !isManager(user.role)) throw new AppError('FORBIDDEN', 'Only managers edit shared templates; save your own copy as personal.');
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
async function currentStage(db: Db, conversationId: string): Promise<TemplateStage | null> {
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
  const language = ctx.contact.locale ?? 'es';
  const all = (await listTemplates(db, user))
    .filter((t) => t.channelKinds.length === 0 || t.channelKinds.includes(ctx.channel.kind))
    .map((t) => ({
      id: t.id,
      name: t.name,
      stage: t.stage as TemplateStage,
      channelKinds: t.channelKinds as string[],
      language: t.language,
      body: t.body,
      placeholders: placeholdersOf(t.body),
      personal: t.personal,
      whatsappStatus: t.whatsappStatus,
      whatsappCategory: t.whatsappCategory,
      sendable: window.allowed.includes('template') && (!window.approvedTemplateOnly || t.whatsappStatus === 'approved'),
      billed: window.billed === 'whatsapp_template',
    }));
  const ranked = rankTemplates(all, {
    stage: await currentStage(db, conversation.id),
    channelKind: ctx.channel.kind,
    contactLanguage: ctx.contact.locale,
    usage: new Map(usageRows.map((r) => [r.id!, r.n])),
  });
  const zone = ctx.contact.timeZone ?? ctx.workspace.timeZone;
  return {
    all: ranked.concat(all.filter((t) => !ranked.includes(t))),
    suggestions: ranked.slice(0, 3).map((t) => t.id),
    values: {
      ...conversationValues({ contactName: ctx.contact.name, agentName: user.name }),
      ...sessionValues(await latestSession(db, ctx.contact.id), zone, language),
    },
  };
}
