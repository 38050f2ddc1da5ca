import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { followupLogs, followups, labels, templates } from '@/db/schema';
import type { COLORS } from '@/db/schema/values';
import { loadReadableConversation } from '@/server/access/conversations';
import { isManager } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { recordAudit } from '@/server/audit/record';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { KNOWN_PLACEHOLDERS } from '@/server/templates/placeholders';
import { placeholdersOf } from '@/server/templates/render';
import type { ChannelKind } from '@/server/windows/policy';
import { scanOnActivation } from './activation';
import { effectiveDelay, MAX_ACTIVE_PER_CHANNEL, overActiveLimit, whatsappTemplateRequired } from './policy';
import { cancelRunsOf } from './scheduling';
import type { ApiFollowup, ApiFollowupLog, CreateFollowupBody, FollowupLogView, UpdateFollowupBody } from './schemas';

/*
 * Managing follow-ups (SPEC §7): managers and admins list, create, edit, switch on and off and
 * delete them; everyone who reads a conversation reads its follow-up log.
 */

type Row = typeof followups.$inferSelect;
type Counts = ApiFollowup['counts'];
const NO_COUNTS: Counts = { scheduled: 0, sent: 0, skipped: 0, cancelled: 0, replies: 0 };
const REPLY_WITHIN = sql.raw(`interval '24 hours'`);

function mustManage(user: SessionUser) {
  if (!isManager(user.role)) throw new AppError('FORBIDDEN', 'Only managers and admins may manage follow-ups.');
}

/** What each follow-up did so far; a reply counts when the contact wrote within 24 h of a send. */
async function countsOf(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, Counts>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<Counts & { id: string }>(
    db,
    sql`select r.followup_id as id, count(*)::int as scheduled,
               count(*) filter (where r.status = 'sent')::int as sent,
               count(*) filter (where r.status = 'skipped')::int as skipped,
               count(*) filter (where r.status = 'cancelled')::int as cancelled,
               count(*) filter (where r.status = 'sent' and exists (
                 select 1 from messages m where m.conversation_id = r.conversation_id and m.direction = 'inbound'
                   and m.sent_at > r.settled_at and m.sent_at <= r.settled_at + ${REPLY_WITHIN}))::int as replies
        from followup_runs r
        where r.workspace_id = ${workspaceId} and r.followup_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
        group by r.followup_id`,
  );
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

function warningsOf(row: Row, template: { whatsappStatus: string | null } | null): string[] {
  const warnings: string[] = [];
  if (row.requestedDelayMinutes !== null) {
    warnings.push(
      `delayMinutes: Instagram and Messenger deliver only within 24 h of the contact's last message, so the delay of ${row.requestedDelayMinutes} minutes was clamped to ${row.delayMinutes}`,
    );
  }
  if (template && template.whatsappStatus !== 'approved') {
    warnings.push('whatsappTemplateId: the template is not approved yet; past the 24 h window WhatsApp delivers only approved templates');
  }
  return warnings;
}

async function views(db: Db, rows: Row[]): Promise<ApiFollowup[]> {
  const first = rows[0];
  if (!first) return [];
  const counts = await countsOf(db, first.workspaceId, rows.map((r) => r.id));
  const templateIds = rows.flatMap((r) => (r.whatsappTemplateId ? [r.whatsappTemplateId] : []));
  const statuses = new Map(
    (templateIds.length ? await db.select({ id: templates.id, whatsappStatus: templates.whatsappStatus }).from(templates).where(inArray(templates.id, templateIds)) : []).map((t) => [t.id, t]),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    color: r.color,
    delayMinutes: r.delayMinutes,
    ...(r.requestedDelayMinutes !== null ? { requestedDelayMinutes: r.requestedDelayMinutes } : {}),
    warnings: warningsOf(r, r.whatsappTemplateId ? (statuses.get(r.whatsappTemplateId) ?? null) : null),
    channelKinds: r.channelKinds,
    conditions: r.conditions,
    message: r.message,
    whatsappTemplateId: r.whatsappTemplateId,
    stopOn: r.stopOn,
    active: r.active,
    counts: counts.get(r.id) ?? NO_COUNTS,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

async function loadFollowup(db: Db, user: SessionUser, followupId: string, opts: { lock?: boolean } = {}): Promise<Row> {
  const query = db
    .select()
    .from(followups)
    .where(and(eq(followups.id, followupId), eq(followups.workspaceId, user.workspaceId), isNull(followups.deletedAt)));
  const [row] = await (opts.lock ? query.for('update') : query);
  if (!row) throw new AppError('NOT_FOUND', 'followup: no such follow-up in this workspace');
  return row;
}

export async function listFollowups(db: Db, user: SessionUser, filter: { color?: (typeof COLORS)[number] }): Promise<ApiFollowup[]> {
  mustManage(user);
  const rows = await db
    .select()
    .from(followups)
    .where(and(eq(followups.workspaceId, user.workspaceId), isNull(followups.deletedAt), filter.color ? eq(followups.color, filter.color) : undefined))
    .orderBy(desc(followups.active), asc(followups.name), asc(followups.id));
  return views(db, rows);
}

export async function getFollowup(db: Db, user: SessionUser, followupId: string): Promise<ApiFollowup> {
  mustManage(user);
  return (await views(db, [await loadFollowup(db, user, followupId)]))[0]!;
}

/** A follow-up's fields with its defaults applied, as create and edit both check them. */
type Values = Omit<CreateFollowupBody, 'delayMinutes'> & { requestedDelayMinutes: number };

/** The rules a whole follow-up must meet, each refusal naming its field; returns the columns to store. */
async function checked(tx: Db, user: SessionUser, v: Values, exceptId: string | null) {
  const kinds = v.channelKinds as ChannelKind[];
  const delay = effectiveDelay(v.requestedDelayMinutes, kinds);
  if (v.message.kind === 'custom') {
    const unknown = placeholdersOf(v.message.body).filter((p) => !(KNOWN_PLACEHOLDERS as readonly string[]).includes(p));
    if (unknown.length > 0) throw new AppError('INVALID_INPUT', `message.body: ${unknown.map((p) => `{{${p}}}`).join(', ')} cannot be filled in a follow-up`);
  }
  for (const field of ['labelIds', 'withoutLabelIds'] as const) {
    const ids = v.conditions[field];
    if (ids.length === 0) continue;
    const known = await tx.select({ id: labels.id }).from(labels).where(and(eq(labels.workspaceId, user.workspaceId), inArray(labels.id, ids)));
    const missing = ids.findIndex((id) => !known.some((k) => k.id === id));
    if (missing >= 0) throw new AppError('INVALID_INPUT', `conditions.${field}.${missing}: no such label in this workspace`);
  }
  if (v.whatsappTemplateId) {
    if (!kinds.includes('whatsapp')) throw new AppError('INVALID_INPUT', 'whatsappTemplateId: only for follow-ups that run on WhatsApp');
    const [template] = await tx
      .select({ channelKinds: templates.channelKinds })
      .from(templates)
      .where(and(eq(templates.id, v.whatsappTemplateId), eq(templates.workspaceId, user.workspaceId), isNull(templates.ownerId), isNull(templates.archivedAt)));
    if (!template || (template.channelKinds.length > 0 && !template.channelKinds.includes('whatsapp'))) {
      throw new AppError('INVALID_INPUT', 'whatsappTemplateId: no such shared WhatsApp template in this workspace');
    }
  } else if (whatsappTemplateRequired(kinds, delay.delayMinutes)) {
    throw new AppError('INVALID_INPUT', 'whatsappTemplateId: required when the delay exceeds 24 h on WhatsApp');
  }
  if (v.active) await checkActiveLimit(tx, user.workspaceId, kinds, exceptId);
  return {
    name: v.name,
    color: v.color,
    delayMinutes: delay.delayMinutes,
    requestedDelayMinutes: delay.requestedDelayMinutes,
    channelKinds: kinds,
    conditions: v.conditions,
    message: v.message,
    whatsappTemplateId: v.whatsappTemplateId,
    stopOn: v.stopOn,
    active: v.active,
  };
}

/** SPEC §7: at most five active follow-ups per channel; activations wait for each other here. */
async function checkActiveLimit(tx: Db, workspaceId: string, kinds: ChannelKind[], exceptId: string | null) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`followups.active:${workspaceId}`}))`);
  const active = await tx
    .select({ channelKinds: followups.channelKinds })
    .from(followups)
    .where(and(eq(followups.workspaceId, workspaceId), eq(followups.active, true), isNull(followups.deletedAt), exceptId ? ne(followups.id, exceptId) : undefined));
  const perKind = new Map<ChannelKind, number>();
  for (const f of active) for (const k of f.channelKinds) perKind.set(k, (perKind.get(k) ?? 0) + 1);
  const full = overActiveLimit(kinds, perKind);
  if (full) {
    throw new AppError('CONFLICT', `active: at most ${MAX_ACTIVE_PER_CHANNEL} active follow-ups per channel, and ${full} already has ${MAX_ACTIVE_PER_CHANNEL}; deactivate one first`);
  }
}

const auditOf = (row: Row) => ({ name: row.name, active: row.active, delayMinutes: row.delayMinutes, channelKinds: row.channelKinds, stopOn: row.stopOn });

export async function createFollowup(db: Db, user: SessionUser, body: CreateFollowupBody, now: Date, fx: Effects): Promise<ApiFollowup> {
  mustManage(user);
  const row = await transaction(db, fx, async (tx) => {
    const { delayMinutes, ...rest } = body;
    const values = await checked(tx, user, { ...rest, requestedDelayMinutes: delayMinutes }, null);
    const [created] = await tx.insert(followups).values({ ...values, workspaceId: user.workspaceId }).returning();
    if (created!.active) await scanOnActivation(tx, created!.id, now);
    await recordAudit(tx, { workspaceId: user.workspaceId, actorId: user.id, action: 'followup.created', targetType: 'followup', targetId: created!.id, after: auditOf(created!), at: now });
    return created!;
  });
  return (await views(db, [row]))[0]!;
}

/**
 * Edits a follow-up: the follow-ups scheduled afterwards follow the new settings, those already
 * scheduled keep theirs. Switched off, its pending ones are cancelled and logged.
 */
export async function updateFollowup(db: Db, user: SessionUser, followupId: string, patch: UpdateFollowupBody, now: Date, fx: Effects): Promise<ApiFollowup> {
  mustManage(user);
  const row = await transaction(db, fx, async (tx, fx) => {
    const before = await loadFollowup(tx, user, followupId, { lock: true });
    const { delayMinutes, ...rest } = patch;
    const values = await checked(
      tx,
      user,
      {
        name: rest.name ?? before.name,
        color: rest.color ?? before.color,
        requestedDelayMinutes: delayMinutes ?? before.requestedDelayMinutes ?? before.delayMinutes,
        channelKinds: rest.channelKinds ?? before.channelKinds,
        conditions: rest.conditions ?? before.conditions,
        message: rest.message ?? before.message,
        whatsappTemplateId: rest.whatsappTemplateId !== undefined ? rest.whatsappTemplateId : before.whatsappTemplateId,
        stopOn: rest.stopOn ?? before.stopOn,
        active: rest.active ?? before.active,
      },
      followupId,
    );
    const [updated] = await tx.update(followups).set(values).where(eq(followups.id, followupId)).returning();
    if (before.active && !updated!.active) await cancelRunsOf(tx, fx, followupId, 'deactivated', now);
    if (!before.active && updated!.active) await scanOnActivation(tx, followupId, now);
    await recordAudit(tx, { workspaceId: user.workspaceId, actorId: user.id, action: 'followup.updated', targetType: 'followup', targetId: followupId, before: auditOf(before), after: auditOf(updated!), at: now });
    return updated!;
  });
  return (await views(db, [row]))[0]!;
}

/** Deletes a follow-up: its pending ones are cancelled and logged; the logs stay on their conversations. */
export async function deleteFollowup(db: Db, user: SessionUser, followupId: string, now: Date, fx: Effects): Promise<void> {
  mustManage(user);
  await transaction(db, fx, async (tx, fx) => {
    const before = await loadFollowup(tx, user, followupId, { lock: true });
    await tx.update(followups).set({ active: false, deletedAt: now }).where(eq(followups.id, followupId));
    await cancelRunsOf(tx, fx, followupId, 'deleted', now);
    await recordAudit(tx, { workspaceId: user.workspaceId, actorId: user.id, action: 'followup.deleted', targetType: 'followup', targetId: followupId, before: auditOf(before), at: now });
  });
}

const LOG_LIMIT = 200;

const logQuery = (db: Db) =>
  db
    .select({ log: followupLogs, name: followups.name, color: followups.color })
    .from(followupLogs)
    .innerJoin(followups, eq(followups.id, followupLogs.followupId));

const toLogView = (r: Awaited<ReturnType<ReturnType<typeof logQuery>['where']>>[number]): FollowupLogView => ({
  id: r.log.id,
  followupId: r.log.followupId,
  conversationId: r.log.conversationId,
  name: r.name,
  color: r.color,
  status: r.log.status,
  reason: r.log.reason,
  at: r.log.at.toISOString(),
  dueAt: r.log.dueAt.toISOString(),
});

/** A conversation's follow-up timeline, oldest first (SPEC §7): its side panel and REST. */
export async function conversationFollowups(db: Db, user: SessionUser, conversationId: string): Promise<FollowupLogView[]> {
  await loadReadableConversation(db, user, conversationId);
  const rows = await logQuery(db).where(eq(followupLogs.conversationId, conversationId)).orderBy(asc(followupLogs.at), asc(followupLogs.id)).limit(LOG_LIMIT);
  return rows.map(toLogView);
}

export const toApiLog = ({ followupId, status, reason, at, dueAt }: FollowupLogView): ApiFollowupLog => ({ followupId, status, reason, at, dueAt });

/** The latest entries of one follow-up's log, newest first: its page. */
export async function followupLog(db: Db, user: SessionUser, followupId: string): Promise<FollowupLogView[]> {
  mustManage(user);
  await loadFollowup(db, user, followupId);
  const rows = await logQuery(db).where(eq(followupLogs.followupId, followupId)).orderBy(desc(followupLogs.at), desc(followupLogs.id)).limit(LOG_LIMIT);
  return rows.map(toLogView);
}
