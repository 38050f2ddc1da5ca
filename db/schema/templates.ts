import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { channelKindEnum, templateStageEnum, whatsappApprovalEnum, whatsappCategoryEnum } from './enums';
import { users } from './users';
import { workspaceId } from './workspaces';

/** Message templates (SPEC §6): shared ones have no owner; personal ones belong to an agent. */
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
    language: text('language').notNull().default('es'),
    body: text('body').notNull(),
    whatsappStatus: whatsappApprovalEnum('whatsapp_status'),
    whatsappCategory: whatsappCategoryEnum('whatsapp_category'),
    archivedAt: at('archived_at'),
    ...timestamps,
  },
  (t) => [index('templates_workspace_idx').on(t.workspaceId, t.stage)],
);
