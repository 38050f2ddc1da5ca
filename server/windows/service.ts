import { and, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { channels, contacts, conversations, messages, workspaces } from '@/db/schema';
import { ON_ITS_WAY } from '@/server/conversations/lifecycle';
import { AppError } from '@/server/errors';
import { windowFor, type Window, type WindowInput } from './policy';
import { quietHoursFor, type QuietHoursCheck } from './quiet-hours';


function sendContextQuery(db: Db) {
  return db
    .select({ conversation: conversations, contact: contacts, channel: channels, workspace: workspaces })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId));
}

/** Everything the policy needs about one conversation, read in the caller's transaction. */
export async function loadSendContext(db: Db, conversationId: string, opts: { lock?: boolean } = {}) {
  const query = sendContextQuery(db).where(eq(conversations.id, conversationId));
  const [row] = await (opts.lock ? query.for('update', { of: conversations }) : query);
  if (!row) throw new AppError('NOT_FOUND', 'conversation: no such conversation in this workspace');
  return row;
}

export type SendContext = Awaited<ReturnType<typeof loadSendContext>>;

/**
 * The policy's input for each conversation, with the counts some channels need read once for
 * all of them: WeChat messages sent since each contact last wrote (one grouped query), and each
 * Viber channel's paid messages this month (one query per channel).
 */
export async function windowInputsFor(db: Db, ctxs: SendContext[], author: WindowInput['author'], now: Date): Promise<WindowInput[]> {
  const wechat = ctxs.filter((c) => c.channel.kind === 'wechat' && c.conversation.lastInboundAt).map((c) => c.conversation.id);
  const sinceInbound = new Map<string, number>();
  if (wechat.length > 0) {
    const rows = await db
      .select({ id: messages.conversationId, n: count() })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(
        and(
          inArray(messages.conversationId, wechat),
          eq(messages.direction, 'outbound'),
          // Messages that left (or are leaving) us count against caps and quotas.
          inArray(messages.status, [...ON_ITS_WAY]),
          gte(messages.sentAt, conversations.lastInboundAt),
        ),
      )
      .groupBy(messages.conversationId);
    for (const r of rows) sinceInbound.set(r.id, r.n);
  }
  const viberUsed = new Map<string, number>();
  for (const ctx of ctxs) {
    if (ctx.channel.kind !== 'viber' || viberUsed.has(ctx.channel.id)) continue;
    const monthStart = DateTime.fromJSDate(now, { zone: ctx.workspace.timeZone }).startOf('month').toJSDate();
    const [row] = await db
      .select({ n: count() })
      .from(messages)
      .where(
        and(
          eq(messages.channelId, ctx.channel.id),
          eq(messages.billing, 'viber_outside_window'),
          // Messages that left (or are leaving) us count against caps and quotas.
          inArray(messages.status, [...ON_ITS_WAY]),
          sql`${messages.sentAt} >= ${monthStart.toISOString()}::timestamptz`,
        ),
      );
    viberUsed.set(ctx.channel.id, row?.n ?? 0);
  }
  return ctxs.map(({ conversation, contact, channel, workspace }) => ({
    // A WeChat channel with no cap of its own follows the workspace's default (SPEC §3).
    channel: { kind: channel.kind, senderId: channel.settings.senderId, wechatMessageCap: channel.settings.wechatMessageCap ?? workspace.settings.wechatMessageCapDefault },
    contact: { blocked: contact.blocked, consent: contact.consent },
    lastInboundAt: conversation.lastInboundAt,
    outboundSinceInbound: sinceInbound.get(conversation.id) ?? 0,
    viber: { usedThisMonth: viberUsed.get(channel.id) ?? 0, paidTermsAccepted: workspace.settings.viberPaidTermsAccepted ?? false },
    author,
  }));
}

export async function windowInputFor(db: Db, ctx: SendContext, author: WindowInput['author'], now: Date): Promise<WindowInput> {
  return (await windowInputsFor(db, [ctx], author, now))[0]!;
}

export function quietHoursOf(ctx: SendContext, now: Date): QuietHoursCheck {
  return quietHoursFor({
    now,
    contactZone: ctx.contact.timeZone,
    fallbackZone: ctx.workspace.timeZone,
    lastInboundAt: ctx.conversation.lastInboundAt,
    hours: ctx.workspace.settings.recipientHours,
  });
}

/** The channel window of a conversation now, as the composer and the API show it. */
export async function sendStateOf(db: Db, conversationId: string, now: Date) {
  const ctx = await loadSendContext(db, conversationId);
  return { window: serializeWindow(windowFor(await windowInputFor(db, ctx, 'person', now), now)) };
}

/** The channel windows of many conversations now (a REST page), in a few queries. */
export async function windowsOf(db: Db, conversationIds: string[], now: Date): Promise<Map<string, WindowView>> {
  const ctxs = conversationIds.length === 0 ? [] : await sendContextQuery(db).where(inArray(conversations.id, conversationIds));
  const inputs = await windowInputsFor(db, ctxs, 'person', now);
  return new Map(ctxs.map((ctx, i) => [ctx.conversation.id, serializeWindow(windowFor(inputs[i]!, now))]));
}

export const serializeWindow = (w: Window) => ({ ...w, closesAt: w.closesAt?.toISOString() ?? null });
export type WindowView = ReturnType<typeof serializeWindow>;
