import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels';
import { at, id, timestamps } from './columns';
import { channelKindEnum, templateStageEnum, whatsappApprovalEnum, whatsappCategoryEnum } from './enums';
import { users } from './users';
import { TEMPLATE_PARAMETER_FORMATS } from './values';
import { workspaceId } from './workspaces';

/**
 * Message templates (SPEC §6): shared ones have no owner; personal ones belong to an agent.
 * A WhatsApp channel's templates synced from Meta (issue 15) are shared rows linked to that
 * channel, named and worded as Meta has them; Meta is their source, so they are not edited here.
 */
export const templates = pgTable(
  'templates',
  {
    id: id(),
    workspaceId: workspaceId(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    stage: templateStageEnum('stage').notNull().default('general'),
    /** Channel kinds it fits; empty means every kind. */
    channelKinds: channelKindEnum('channel_kinds').array().notNull().default([]),
    /** The primary language (`es`, `en`): what suggestions match against the contact's. */
    language: text('language').notNull().default('es'),
    body: text('body').notNull(),
    whatsappStatus: whatsappApprovalEnum('whatsapp_status'),
    whatsappCategory: whatsappCategoryEnum('whatsapp_category'),
    /** Synced from this WhatsApp channel's account: offered and sent on this channel only. */
    channelId: uuid('channel_id').references(() => channels.id, { onDelete: 'cascade' }),
    /** Meta's id of the template (the status webhook names it by this). */
    metaId: text('meta_id'),
    /** Meta's language code as sent (`es`, `en_US`, `pt_BR`). */
    metaLanguage: text('meta_language'),
    /** Meta's components as synced (header, body, footer, buttons); sends build their parameters from them. */
    components: jsonb('components').$type<unknown[]>(),
    parameterFormat: text('parameter_format', { enum: TEMPLATE_PARAMETER_FORMATS }),
    syncedAt: at('synced_at'),
    archivedAt: at('archived_at'),
    ...timestamps,
  },
  (t) => [
    index('templates_workspace_idx').on(t.workspaceId, t.stage),
    // One row per template and language of a channel's account: a sync updates it in place.
    uniqueIndex('templates_channel_meta_uq').on(t.channelId, t.name, t.metaLanguage),
  ],
);
