import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { templates } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { getConversation } from '@/server/conversations/service';
import { windowFor } from '@/server/windows/policy';
import { loadSendContext, windowInputFor } from '@/server/windows/service';
import { placeholdersOf } from './render';

/**
 * The templates an agent may send in a conversation now: shared and their own, for this
 * channel; outside a WhatsApp window only approved ones are sendable. The contact's language
 * comes first (Spanish when unknown).
 */
export async function templatesForConversation(db: Db, user: SessionUser, conversationId: string, now: Date) {
  await getConversation(db, user, conversationId);
  const ctx = await loadSendContext(db, conversationId);
  const window = windowFor(await windowInputFor(db, ctx, 'person', now), now);
  const rows = await db
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.workspaceId, user.workspaceId),
        isNull(templates.archivedAt),
        or(isNull(templates.ownerId), eq(templates.ownerId, user.id)),
      ),
    );
  const language = ctx.contact.locale ?? 'es';
  return rows
    .filter((t) => t.channelKinds.length === 0 || t.channelKinds.includes(ctx.channel.kind))
    .map((t) => ({
      id: t.id,
      name: t.name,
      stage: t.stage,
      language: t.language,
      body: t.body,
      placeholders: placeholdersOf(t.body),
      personal: t.ownerId !== null,
      whatsappStatus: t.whatsappStatus,
      whatsappCategory: t.whatsappCategory,
      sendable: window.allowed.includes('template') && (!window.approvedTemplateOnly || t.whatsappStatus === 'approved'),
      billed: window.billed === 'whatsapp_template',
    }))
    .sort((x, y) => Number(y.sendable) - Number(x.sendable) || Number(y.language === language) - Number(x.language === language) || x.name.localeCompare(y.name));
}
