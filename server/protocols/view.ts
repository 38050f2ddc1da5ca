import { asc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { deadlines, workspaces } from '@/db/schema';
import { DEADLINE_STATUSES, STAGE_CLOCKS, STAGE_ENFORCEMENTS } from '@/db/schema/values';
import { Instant } from '@/server/clock';
import { DEFAULT_QUIET_HOURS, QuietHoursSchema, type QuietHours } from './deadline';

type Row = typeof deadlines.$inferSelect;

/** A deadline as the list, the thread and the API show it; enough for the browser to tick it. */
export const DeadlineView = z.object({
  id: z.uuid(),
  protocol: z.string(),
  stage: z.string(),
  status: z.enum(DEADLINE_STATUSES),
  enforcement: z.enum(STAGE_ENFORCEMENTS),
  clock: z.enum(STAGE_CLOCKS),
  zone: z.string(),
  quietHours: QuietHoursSchema,
  startedAt: Instant,
  dueAt: Instant,
  metAt: Instant.nullable(),
});
export type DeadlineView = z.infer<typeof DeadlineView>;

/** A deadline in the REST v1 shape of SPEC §11. */
export const ApiDeadline = DeadlineView.pick({ protocol: true, stage: true, dueAt: true, status: true, metAt: true });
export type ApiDeadline = z.infer<typeof ApiDeadline>;

export function toDeadlineView(d: Row, quietHours: QuietHours | undefined): DeadlineView {
  return {
    id: d.id,
    protocol: d.protocolName,
    stage: d.stageName,
    status: d.status,
    enforcement: d.enforcement,
    clock: d.clock,
    zone: d.zone,
    quietHours: quietHours ?? DEFAULT_QUIET_HOURS,
    startedAt: d.startedAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    metAt: d.metAt?.toISOString() ?? null,
  };
}

/**
 * A conversation's most urgent open deadline (pending, or breached with no reply) as JSON, for a
 * list to read in its own statement; `fromNextDeadline` makes it the view. Its moments are text.
 */
export function nextDeadlineOf(conversationId: SQLWrapper) {
  return sql<NextDeadline | null>`(
    select json_build_object('id', d.id, 'protocol', d.protocol_name, 'stage', d.stage_name, 'status', d.status,
             'enforcement', d.enforcement, 'clock', d.clock, 'zone', d.zone, 'quietHours', w.settings -> 'businessQuietHours',
             'startedAt', d.started_at, 'dueAt', d.due_at, 'metAt', d.met_at)
    from deadlines d join workspaces w on w.id = d.workspace_id
    where d.conversation_id = ${conversationId} and d.status in ('pending', 'breached')
    order by d.due_at asc limit 1)`;
}

type NextDeadline = Omit<DeadlineView, 'quietHours'> & { quietHours: QuietHours | null };

/** The view of what `nextDeadlineOf` read: the workspace's quiet hours or the default, moments as `toISOString` writes them. */
export function fromNextDeadline(d: NextDeadline): DeadlineView {
  return {
    ...d,
    quietHours: d.quietHours ?? DEFAULT_QUIET_HOURS,
    startedAt: new Date(d.startedAt).toISOString(),
    dueAt: new Date(d.dueAt).toISOString(),
    metAt: d.metAt === null ? null : new Date(d.metAt).toISOString(),
  };
}

/** Every deadline of a conversation, in protocol and stage order. */
export async function deadlinesOf(db: Db, conversationId: string): Promise<DeadlineView[]> {
  return (await deadlinesOfMany(db, [conversationId])).get(conversationId) ?? [];
}

/** Every deadline of each conversation, oldest run and first stage first, in one query. */
export async function deadlinesOfMany(db: Db, conversationIds: string[]): Promise<Map<string, DeadlineView[]>> {
  const byConversation = new Map<string, DeadlineView[]>();
  if (conversationIds.length === 0) return byConversation;
  const rows = await db
    .select({ d: deadlines, settings: workspaces.settings })
    .from(deadlines)
    .innerJoin(workspaces, eq(workspaces.id, deadlines.workspaceId))
    .where(inArray(deadlines.conversationId, conversationIds))
    .orderBy(asc(deadlines.startedAt), asc(deadlines.stageIndex));
  for (const r of rows) {
    const list = byConversation.get(r.d.conversationId) ?? [];
    list.push(toDeadlineView(r.d, r.settings.businessQuietHours));
    byConversation.set(r.d.conversationId, list);
  }
  return byConversation;
}
