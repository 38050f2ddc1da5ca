import { and, asc, count, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { breaches, channels, contacts, conversations, deadlines, users, workspaces } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { DEFAULT_ESCALATION, breachCounts, escalationLevel } from '@/server/protocols/escalation';
import { visibleTo } from '@/server/access/conversations';
import { assertLeads, peopleLedBy } from '@/server/access/teams';
import { presenceOf } from '@/server/users/availability';
import { onlineUserIds } from '@/server/realtime/presence';

const DAY = 86_400_000;

/**
 * The team view (SPEC §5), per agent: open conversations, deadlines due within the hour,
 * overdue ones, breaches over each escalation window, the current level, the median time to a
 * first reply over 30 days, and who is online now (a tab open) and what each has said of themselves.
 * A supervisor sees the agents of the teams they lead.
 */
export async function teamOverview(db: Db, lead: SessionUser, now: Date) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, lead.workspaceId));
  const rules = workspace?.settings.escalation ?? DEFAULT_ESCALATION;
  // A supervisor sees the agents of the teams they lead; managers and admins every agent.
  const agents = await db
    .select({ id: users.id, name: users.name, timeZone: users.timeZone, availability: users.availability })
    .from(users)
    .where(and(peopleLedBy(db, lead), eq(users.role, 'agent')))
    .orderBy(asc(users.name));
  const online = await onlineUserIds(agents.map((a) => a.id));
  const soon = new Date(now.getTime() + 3_600_000);
  const longest = Math.max(...rules.map((r) => r.days));

  return Promise.all(
    agents.map(async (agent) => {
      // Counted over the conversations the lead may open, so each number leads to its list.
      const assigned = and(visibleTo(db, lead), eq(conversations.assigneeId, agent.id), eq(conversations.status, 'open'));
      const [open] = await db.select({ n: count() }).from(conversations).where(assigned);
      const [dueSoon] = await db
        .select({ n: count() })
        .from(deadlines)
        .innerJoin(conversations, eq(conversations.id, deadlines.conversationId))
        .where(and(assigned, eq(deadlines.status, 'pending'), gt(deadlines.dueAt, now), lte(deadlines.dueAt, soon)));
      const [overdue] = await db.select({ n: count() }).from(conversations).where(and(assigned, lte(conversations.nextDueAt, now)));
      const breachTimes = (
        await db
          .select({ at: breaches.occurredAt })
          .from(breaches)
          .where(and(eq(breaches.agentId, agent.id), isNull(breaches.excusedAt), gt(breaches.occurredAt, new Date(now.getTime() - longest * DAY))))
      ).map((b) => b.at);
      return {
        agentId: agent.id,
        name: agent.name,
        timeZone: agent.timeZone,
        availability: presenceOf(agent.availability, online.has(agent.id)),
        open: open?.n ?? 0,
        dueSoon: dueSoon?.n ?? 0,
        overdue: overdue?.n ?? 0,
        breaches: breachCounts(breachTimes, now, rules),
        level: escalationLevel(breachTimes, now, rules).level,
        medianFirstResponseSeconds: await medianFirstResponse(db, agent.id, now),
      };
    }),
  );
}

/** Median seconds from a contact's first message to this agent's first reply, over 30 days. */
async function medianFirstResponse(db: Db, agentId: string, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - 30 * DAY).toISOString();
  const [row] = await queryRows<{ median: number | string | null }>(db, sql`
    select percentile_cont(0.5) within group (order by extract(epoch from (r.first_reply - f.first_in))) as median
    from (
      select m.conversation_id, min(m.sent_at) as first_in
      from messages m join conversations c on c.id = m.conversation_id
      where c.assignee_id = ${agentId} and m.direction = 'inbound'
      group by m.conversation_id
    ) f
    cross join lateral (
      select min(o.sent_at) as first_reply from messages o
      where o.conversation_id = f.conversation_id and o.direction = 'outbound' and o.author_kind = 'agent'
        and o.author_id = ${agentId} and o.sent_at > f.first_in
    ) r
    where r.first_reply is not null and f.first_in > ${since}::timestamptz`);
  return row?.median === null || row?.median === undefined ? null : Math.round(Number(row.median));
}

/** The breaches behind an agent's numbers, newest first, with what excused them (an agent the lead leads). */
export async function agentBreaches(db: Db, lead: SessionUser, agentId: string) {
  await assertLeads(db, lead, agentId, 'agentId');
  const rows = await db
    .select({
      b: breaches,
      stage: deadlines.stageName,
      protocol: deadlines.protocolName,
      conversationId: conversations.id,
      conversationStatus: conversations.status,
      contactName: contacts.name,
      channelName: channels.name,
      excusedBy: users.name,
    })
    .from(breaches)
    .innerJoin(deadlines, eq(deadlines.id, breaches.deadlineId))
    .innerJoin(conversations, eq(conversations.id, breaches.conversationId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(users, eq(users.id, breaches.excusedById))
    .where(and(eq(breaches.workspaceId, lead.workspaceId), eq(breaches.agentId, agentId)))
    .orderBy(sql`${breaches.occurredAt} desc`)
    .limit(100);
  return rows.map((r) => ({
    id: r.b.id,
    conversationId: r.conversationId,
    // Where the conversation is now, so a link to it opens the list it is in (a closed one too).
    conversationStatus: r.conversationStatus,
    contactName: r.contactName,
    channelName: r.channelName,
    protocol: r.protocol,
    stage: r.stage,
    occurredAt: r.b.occurredAt.toISOString(),
    excusedAt: r.b.excusedAt?.toISOString() ?? null,
    excusedBy: r.excusedBy,
    excuseReason: r.b.excuseReason,
  }));
}
