import { and, desc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { breaches, escalationNotices, users, workspaces } from '@/db/schema';
import { isLead } from '@/server/access/roles';
import { leadersOf, peopleLedBy } from '@/server/access/teams';
import { recordAudit } from '@/server/audit/record';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { notify } from '@/server/notifications/service';
import { DEFAULT_ESCALATION, escalationLevel, noticeNeeded } from './escalation';
import type { NewBreach } from './service';

export type Notice = typeof escalationNotices.$inferSelect;

async function countedBreachTimes(db: Db, agentId: string, now: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: breaches.occurredAt })
    .from(breaches)
    .where(
      and(
        eq(breaches.agentId, agentId),
        isNull(breaches.excusedAt),
        gt(breaches.occurredAt, new Date(now.getTime() - 365 * 86_400_000)),
        lte(breaches.occurredAt, now),
      ),
    );
  return rows.map((r) => r.at);
}

/**
 * At every breach the agent's level is evaluated as of that breach (the breaches up to its
 * moment), and a level of 1 or more stores a notice (SPEC §5). The agent hears of each breach;
 * the agent and those who lead them hear of each notice.
 */
export async function escalateAfterBreaches(db: Db, fx: Effects, created: NewBreach[]): Promise<void> {
  if (created.length === 0) return;
  const notices = await storeNotices(db, created);
  fx.add(...notices.map((n) => ({ kind: 'notice.created' as const, noticeId: n.id, agentId: n.agentId, workspaceId: n.workspaceId, level: n.level })));
  const breachNotes = created.flatMap((b) =>
    b.agentId
      ? [{ workspaceId: b.workspaceId, userId: b.agentId, kind: 'breach' as const, conversationId: b.conversationId, data: { stage: b.stageName }, dedupeKey: `breach:${b.id}` }]
      : [],
  );
  const noticeNotes = [];
  for (const n of notices) {
    const [agent] = await db.select({ name: users.name }).from(users).where(eq(users.id, n.agentId));
    const breach = created.find((b) => b.id === n.breachId);
    for (const userId of new Set([n.agentId, ...(await leadersOf(db, { id: n.agentId, workspaceId: n.workspaceId }))])) {
      noticeNotes.push({
        workspaceId: n.workspaceId,
        userId,
        kind: 'escalation' as const,
        conversationId: breach?.conversationId ?? null,
        // The agent hears of it in the second person; only those who lead them by name.
        data: { level: n.level, agentName: agent?.name, ...(userId === n.agentId ? { yours: true } : {}) },
        dedupeKey: `escalation:${n.id}`,
      });
    }
  }
  await notify(db, fx, [...breachNotes, ...noticeNotes]);
}

async function storeNotices(db: Db, created: NewBreach[]): Promise<Notice[]> {
  const notices: Notice[] = [];
  for (const breach of [...created].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
    const now = breach.occurredAt;
    if (!breach.agentId) continue;
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, breach.workspaceId));
    const rules = workspace?.settings.escalation ?? DEFAULT_ESCALATION;
    const { level, rule, count } = escalationLevel(await countedBreachTimes(db, breach.agentId, now), now, rules);
    const unread = await db
      .select({ level: escalationNotices.level })
      .from(escalationNotices)
      .where(and(eq(escalationNotices.agentId, breach.agentId), isNull(escalationNotices.acknowledgedAt)));
    if (!rule || !noticeNeeded(level, unread.map((n) => n.level))) continue;
    const [notice] = await db
      .insert(escalationNotices)
      .values({ workspaceId: breach.workspaceId, agentId: breach.agentId, breachId: breach.id, level, breachCount: count, windowDays: rule.days })
      .returning();
    notices.push(notice!);
  }
  return notices;
}

/**
 * A supervisor excuses a breach of an agent they lead, with a reason; who and when are kept, it
 * stops counting, and the excuse is audited.
 */
export async function excuseBreach(db: Db, user: SessionUser, breachId: string, reason: string, now: Date, fx: Effects) {
  if (!isLead(user.role)) throw new AppError('FORBIDDEN', 'Only supervisors may excuse a breach.');
  return transaction(db, fx, async (tx, fx) => {
    const [row] = await tx
      .update(breaches)
      .set({ excusedAt: now, excusedById: user.id, excuseReason: reason })
      .where(and(eq(breaches.id, breachId), eq(breaches.workspaceId, user.workspaceId), isNull(breaches.excusedAt), inArray(breaches.agentId, tx.select({ id: users.id }).from(users).where(peopleLedBy(tx, user)))))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'breachId: no such unexcused breach of an agent you lead');
    await recordAudit(tx, {
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'breach.excused',
      targetType: 'breach',
      targetId: row.id,
      before: { excused: false, agentId: row.agentId, conversationId: row.conversationId },
      after: { excused: true, reason },
      at: now,
    });
    fx.add({ kind: 'conversation.changed', conversationId: row.conversationId });
    return row;
  });
}

/** Notices for a user: their own for an agent; those of the agents they lead for supervisors and above. Newest first. */
export async function listNotices(db: Db, user: SessionUser) {
  return db
    .select({ notice: escalationNotices, agentName: users.name })
    .from(escalationNotices)
    .innerJoin(users, eq(users.id, escalationNotices.agentId))
    .where(isLead(user.role) ? peopleLedBy(db, user) : eq(escalationNotices.agentId, user.id))
    // Notices of one transaction share its time: the higher level is the newer news.
    .orderBy(desc(escalationNotices.createdAt), desc(escalationNotices.level))
    .limit(50);
}

/** The agent acknowledges a notice of theirs, and with it the older ones it supersedes (one banner, the current level). */
export async function acknowledgeNotice(db: Db, user: SessionUser, noticeId: string, now: Date, fx: Effects) {
  const [row] = await db
    .update(escalationNotices)
    .set({ acknowledgedAt: now })
    .where(and(eq(escalationNotices.id, noticeId), eq(escalationNotices.agentId, user.id), isNull(escalationNotices.acknowledgedAt)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'notice: no such unacknowledged notice of yours');
  await db
    .update(escalationNotices)
    .set({ acknowledgedAt: now })
    .where(and(eq(escalationNotices.agentId, user.id), isNull(escalationNotices.acknowledgedAt), lte(escalationNotices.createdAt, row.createdAt)));
  fx.add({ kind: 'team.changed', workspaceId: row.workspaceId });
  return row;
}
