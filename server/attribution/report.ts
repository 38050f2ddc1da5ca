import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import type { SessionUser } from '@/server/auth/session';
import type { Effects } from '@/server/effects/unit-of-work';
import { AttributionWindowHours } from '@/server/workspace/schemas';
import { changeWorkspaceSettings } from '@/server/workspace/service';
import { DEFAULT_ATTRIBUTION_WINDOW_HOURS, FOLLOW_UP_DAYS, SEND_TYPES } from './policy';
import { attributionWindowHours } from './service';

export const AttributionReportInput = z.object({ days: z.union([z.literal(7), z.literal(30), z.literal(90)]).default(30) });
export const AttributionWindowInput = z.object({ hours: AttributionWindowHours });

export type AttributionRow = {
  kind: 'campaign' | 'flow';
  name: string;
  sends: number;
  replies: number;
  conversations: number;
  bookings: number;
  orders: number;
  /** Clicks on our short links that followed a send within its attribution window (SPEC §8). */
  clicks: number;
  revenue: { currency: string; total: number }[];
};

type Key = { type: string; name: string };
const keyOf = (r: Key) => `${r.type}\u0000${r.name}`;

/**
 * Per campaign and flow sent in the last `days` (SPEC §10): how many were sent, the replies
 * credited to them, the conversations those replies are in, and the bookings and orders that
 * followed: each booking or order counts for the campaign of the contact's latest credited reply
 * before it, within FOLLOW_UP_DAYS.
 */
export async function attributionReport(db: Db, user: SessionUser, input: z.infer<typeof AttributionReportInput>, now: Date) {
  const sinceAt = new Date(now.getTime() - input.days * 86_400_000);
  const since = sql`${sinceAt.toISOString()}::timestamptz`;
  const ws = user.workspaceId;
  const sendTypes = sql.join(SEND_TYPES.map((t) => sql`${t}`), sql`, `);
  const sends = await queryRows<Key & { sends: number }>(
    db,
    sql`select type, properties ->> 'name' as name, count(*)::int as sends
        from contact_events
        where workspace_id = ${ws} and type in (${sendTypes}) and properties ->> 'name' is not null and occurred_at >= ${since}
        group by 1, 2`,
  );
  const replies = await queryRows<Key & { replies: number; conversations: number }>(
    db,
    sql`select e.type, e.properties ->> 'name' as name, count(*)::int as replies, count(distinct m.conversation_id)::int as conversations
        from messages m join contact_events e on e.id = m.attributed_send_id
        where e.workspace_id = ${ws} and e.occurred_at >= ${since}
        group by 1, 2`,
  );
  const followed = await queryRows<Key & { followed: string; currency: string; n: number; total: number }>(
    db,
    sql`select s.type, s.properties ->> 'name' as name, f.type as followed, coalesce(f.properties ->> 'currency', 'EUR') as currency, count(*)::int as n,
               coalesce(sum(case when jsonb_typeof(f.properties -> 'total') = 'number' then (f.properties ->> 'total')::numeric end), 0)::float8 as total
        from contact_events f
        join lateral (
          select m.attributed_send_id from messages m join conversations c on c.id = m.conversation_id
          where c.contact_id = f.contact_id and m.attributed_send_id is not null
            and m.sent_at <= f.occurred_at and m.sent_at > f.occurred_at - ${sql.raw(`interval '${FOLLOW_UP_DAYS} days'`)}
          order by m.sent_at desc limit 1
        ) r on true
        join contact_events s on s.id = r.attributed_send_id
        where f.workspace_id = ${ws} and f.type in ('session.booked', 'order.placed') and f.occurred_at >= ${since} and s.occurred_at >= ${since}
        group by 1, 2, 3, 4`,
  );

  // A click counts for the contact's last send before it, when it came within that send's window.
  const clicks = await queryRows<Key & { clicks: number }>(
    db,
    sql`select s.type, s.properties ->> 'name' as name, count(*)::int as clicks
        from contact_events c
        join lateral (
          select e.type, e.properties, e.occurred_at, e.attribution_window_hours from contact_events e
          where e.contact_id = c.contact_id and e.type in (${sendTypes}) and e.occurred_at <= c.occurred_at
          order by e.occurred_at desc limit 1
        ) s on true
        where c.workspace_id = ${ws} and c.type = 'link.clicked' and c.occurred_at >= ${since} and s.occurred_at >= ${since}
          and s.properties ->> 'name' is not null
          and c.occurred_at <= s.occurred_at + make_interval(hours => coalesce(s.attribution_window_hours, ${sql.raw(String(DEFAULT_ATTRIBUTION_WINDOW_HOURS))}))
        group by 1, 2`,
  );

  const rows = new Map<string, AttributionRow>();
  const rowOf = (k: Key) => {
    let row = rows.get(keyOf(k));
    if (!row) {
      row = { kind: k.type === 'flow.sent' ? 'flow' : 'campaign', name: k.name, sends: 0, replies: 0, conversations: 0, bookings: 0, orders: 0, clicks: 0, revenue: [] };
      rows.set(keyOf(k), row);
    }
    return row;
  };
  for (const s of sends) rowOf(s).sends = s.sends;
  for (const r of replies) Object.assign(rowOf(r), { replies: r.replies, conversations: r.conversations });
  for (const c of clicks) rowOf(c).clicks = c.clicks;
  for (const f of followed) {
    const row = rowOf(f);
    if (f.followed === 'session.booked') row.bookings += f.n;
    else {
      row.orders += f.n;
      if (f.total > 0) row.revenue.push({ currency: f.currency, total: f.total });
    }
  }
  return {
    since: sinceAt.toISOString(),
    windowHours: await attributionWindowHours(db, ws),
    followUpDays: FOLLOW_UP_DAYS,
    rows: [...rows.values()].sort((a, b) => b.replies - a.replies || b.sends - a.sends || a.name.localeCompare(b.name)),
  };
}

/**
 * Sets how long after a send a reply is credited to it, for sends recorded from now on: a
 * workspace setting a manager may change here, audited like every other.
 */
export async function setAttributionWindow(db: Db, user: SessionUser, input: z.infer<typeof AttributionWindowInput>, now: Date, fx: Effects) {
  const saved = await changeWorkspaceSettings(db, user, { attributionWindowHours: input.hours }, now, fx);
  return { windowHours: saved.attributionWindowHours };
}
