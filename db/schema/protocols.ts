import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns';
import { conversations } from './conversations';
import type { Stage } from './stage';
import { users } from './users';
import { DEADLINE_STATUSES, STAGE_CLOCKS, STAGE_ENFORCEMENTS } from './values';
import { workspaceId } from './workspaces';

/** What starts a protocol: a conversation's first inbound message, a contact event, or inactivity. */
export type ProtocolTrigger = 'first_inbound' | 'session.paid' | 'session.completed' | 'inactivity';

/** Protocols are data (SPEC §4): managers edit them; the four built-ins are seeded. */
export const protocols = pgTable(
  'protocols',
  {
    id: id(),
    workspaceId: workspaceId(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    trigger: text('trigger').$type<ProtocolTrigger>().notNull(),
    /** Events that cancel what is pending: session.booked, contact.opted_out, contact.blocked... */
    stopEvents: text('stop_events').array().notNull().default([]),
    /** Inactivity trigger: days with neither a message nor a booking. */
    inactivityDays: integer('inactivity_days'),
    /** Minutes after the start to send the agent's automatic message if no person has written. */
    autoMessageMinutes: integer('auto_message_minutes'),
    stages: jsonb('stages').$type<Stage[]>().notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('protocols_workspace_key_uq').on(t.workspaceId, t.key)],
);

export const protocolRuns = pgTable(
  'protocol_runs',
  {
    id: id(),
    workspaceId: workspaceId(),
    protocolId: uuid('protocol_id')
      .notNull()
      .references(() => protocols.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    startedAt: at('started_at').notNull(),
    stoppedAt: at('stopped_at'),
    stopReason: text('stop_reason'),
    ...timestamps,
  },
  (t) => [index('protocol_runs_conversation_idx').on(t.conversationId)],
);

export const deadlines = pgTable(
  'deadlines',
  {
    id: id(),
    workspaceId: workspaceId(),
    runId: uuid('run_id')
      .notNull()
      .references(() => protocolRuns.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    stageIndex: integer('stage_index').notNull(),
    protocolName: text('protocol_name').notNull(),
    stageName: text('stage_name').notNull(),
    clock: text('clock', { enum: STAGE_CLOCKS }).notNull(),
    enforcement: text('enforcement', { enum: STAGE_ENFORCEMENTS }).notNull(),
    /** The zone the business clock was read in: the assignee's, or the workspace's while unassigned. */
    zone: text('zone').notNull(),
    startedAt: at('started_at').notNull(),
    dueAt: at('due_at').notNull(),
    status: text('status', { enum: DEADLINE_STATUSES }).notNull().default('pending'),
    metAt: at('met_at'),
    metByMessageId: uuid('met_by_message_id'),
    ...timestamps,
  },
  (t) => [
    index('deadlines_conversation_idx').on(t.conversationId, t.dueAt),
    index('deadlines_workspace_status_idx').on(t.workspaceId, t.status, t.dueAt),
  ],
);

/** A required stage's deadline passing unmet, against the agent assigned then (SPEC §4, §5). */
export const breaches = pgTable(
  'breaches',
  {
    id: id(),
    workspaceId: workspaceId(),
    deadlineId: uuid('deadline_id')
      .notNull()
      .unique()
      .references(() => deadlines.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => users.id, { onDelete: 'set null' }),
    occurredAt: at('occurred_at').notNull(),
    excusedAt: at('excused_at'),
    excusedById: uuid('excused_by_id').references(() => users.id, { onDelete: 'set null' }),
    excuseReason: text('excuse_reason'),
    ...timestamps,
  },
  (t) => [index('breaches_agent_idx').on(t.agentId, t.occurredAt)],
);

export const escalationNotices = pgTable(
  'escalation_notices',
  {
    id: id(),
    workspaceId: workspaceId(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    breachId: uuid('breach_id').references(() => breaches.id, { onDelete: 'set null' }),
    level: integer('level').notNull(),
    breachCount: integer('breach_count').notNull(),
    windowDays: integer('window_days').notNull(),
    acknowledgedAt: at('acknowledged_at'),
    ...timestamps,
  },
  (t) => [index('escalation_notices_agent_idx').on(t.agentId, t.createdAt)],
);
