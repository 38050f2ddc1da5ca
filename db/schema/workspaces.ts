import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';

export type WorkspaceSettings = {
  /** Whether closing a conversation also unassigns it (SPEC §2). */
  closeUnassigns?: boolean;
  /** Recipient daytime hours, in the contact's zone (SPEC §3); default 08:00–20:00. */
  recipientHours?: { start: string; end: string };
  /** Viber: the workspace accepted paid messages past the free monthly quota. */
  viberPaidTermsAccepted?: boolean;
  /** Hours the business clock of protocols does not run (SPEC §4); default 21:00–09:00. */
  businessQuietHours?: { start: string; end: string };
  /** How long after a campaign or flow send a reply is credited to it (SPEC §10); default 24 h. */
  attributionWindowHours?: number;
  /** Escalation levels (SPEC §5); default 2 in 15 days, 3 in 21, 4 in 30. */
  escalation?: { level: number; breaches: number; days: number }[];
  /** WeChat: the outbound cap inside one 48 h window for channels that set none of their own (SPEC §3); default 5. */
  wechatMessageCapDefault?: number;
  /** The largest attachment accepted, in MB (SPEC §14); default 25. */
  fileSizeCapMb?: number;
  /** SMS answers to HELP, to an opt-out and to a return (SPEC §8); each has a default in the workspace's language. */
  smsReplies?: { help?: string; optOut?: string; optIn?: string };
};

export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Europe/Madrid'),
  /** The workspace's language: its starter templates and the emails it sends (invitations, password resets). */
  locale: text('locale').notNull().default('es'),
  settings: jsonb('settings').$type<WorkspaceSettings>().notNull().default({}),
  ...timestamps,
});

/** The tenant of a row: deleting a workspace deletes everything in it. */
export const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
