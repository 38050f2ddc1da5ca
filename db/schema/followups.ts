import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { conversations } from './conversations';
import { channelKindEnum } from './enums';
import { messages } from './messages';
import { templates } from './templates';
import { COLORS, FOLLOWUP_LOG_STATUSES, FOLLOWUP_RUN_STATUSES, FOLLOWUP_STOP_TRIGGERS, TEMPLATE_STAGES } from './values';
import { workspaceId } from './workspaces';

export type FollowupStopTrigger = (typeof FOLLOWUP_STOP_TRIGGERS)[number];

/** Which conversations a follow-up applies to, besides its channel kinds and being open (SPEC §7). */
export type FollowupConditions = {
  /** The newest message is ours and the contact has not answered it. */
  lastMessageOurs: boolean;
  /** The conversation carries every one of these labels. */
  labelIds: string[];
  /** ...and none of these. */
  withoutLabelIds: string[];
  /** The conversation's current protocol stage (its template stage); null: any. */
  stage: (typeof TEMPLATE_STAGES)[number] | null;
};

export type FollowupMessage = { kind: 'custom'; body: string } | { kind: 'suggested' };

/**
 * What a scheduled follow-up will do, copied from its follow-up when it was scheduled: an edit
 * changes the follow-ups scheduled after it, not those already waiting (SPEC §7).
 */
export type FollowupSettings = {
  delayMinutes: number;
  conditions: FollowupConditions;
  message: FollowupMessage;
  whatsappTemplateId: string | null;
  stopOn: FollowupStopTrigger[];
};

/** Automated nudges managers define (SPEC §7). A deleted one is kept for its logs, hidden everywhere else. */
export const followups = pgTable(
  'followups',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    color: text('color', { enum: COLORS }).notNull().default('slate'),
    /** The delay in force: Instagram and Messenger clamp a longer one to 24 h. */
    delayMinutes: integer('delay_minutes').notNull(),
    /** What the manager asked for, kept only when it was clamped. */
    requestedDelayMinutes: integer('requested_delay_minutes'),
    channelKinds: channelKindEnum('channel_kinds').array().notNull(),
    conditions: jsonb('conditions').$type<FollowupConditions>().notNull(),
    message: jsonb('message').$type<FollowupMessage>().notNull(),
    whatsappTemplateId: uuid('whatsapp_template_id').references(() => templates.id, { onDelete: 'set null' }),
    stopOn: text('stop_on', { enum: FOLLOWUP_STOP_TRIGGERS }).array().notNull(),
    active: boolean('active').notNull().default(true),
    deletedAt: at('deleted_at'),
    ...timestamps,
  },
  (t) => [index('followups_workspace_idx').on(t.workspaceId)],
);

/**
 * One follow-up on one conversation for one silence (the time of the last message a person
 * wrote, on either side): at most one per follow-up, conversation and silence, so a silence gets
 * each follow-up once; and at most one open (pending or waiting) per follow-up and conversation.
 */
export const followupRuns = pgTable(
  'followup_runs',
  {
    id: id(),
    workspaceId: workspaceId(),
    followupId: uuid('followup_id')
      .notNull()
      .references(() => followups.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    silenceAt: at('silence_at').notNull(),
    dueAt: at('due_at').notNull(),
    status: text('status', { enum: FOLLOWUP_RUN_STATUSES }).notNull().default('pending'),
    reason: text('reason'),
    settings: jsonb('settings').$type<FollowupSettings>().notNull(),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    /** When it was sent, skipped or cancelled. */
    settledAt: at('settled_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('followup_runs_silence_uq').on(t.followupId, t.conversationId, t.silenceAt),
    uniqueIndex('followup_runs_open_uq').on(t.followupId, t.conversationId).where(sql`${t.status} in ('pending', 'waiting')`),
    // Every interaction and stop trigger reads the conversation's open ones.
    index('followup_runs_conversation_open_idx').on(t.conversationId).where(sql`${t.status} in ('pending', 'waiting')`),
  ],
);

/** Everything that happened to follow-ups, with its reason: the conversation's timeline and the follow-up's page. */
export const followupLogs = pgTable(
  'followup_logs',
  {
    id: id(),
    workspaceId: workspaceId(),
    followupId: uuid('followup_id')
      .notNull()
      .references(() => followups.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => followupRuns.id, { onDelete: 'cascade' }),
    status: text('status', { enum: FOLLOWUP_LOG_STATUSES }).notNull(),
    reason: text('reason').notNull(),
    at: at('at').notNull(),
    /** When the follow-up is (or was) due at this entry. */
    dueAt: at('due_at').notNull(),
  },
  (t) => [index('followup_logs_conversation_idx').on(t.conversationId, t.at), index('followup_logs_followup_idx').on(t.followupId, t.at)],
);
