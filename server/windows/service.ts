import { and, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { channels, contacts, conversations, messages, workspaces } from '@/db/schema';
import { AppError } from '@/server/errors';
import { windowFor, type Window, type WindowInput } from './policy';
import { quietHoursFor, type QuietHoursCheck } from './quiet-hours';

/** Messages that left (or are leaving) us: they count against caps and quotas. */
const COUNTED = ['queued', 'sent', 'delivered', 'read'] as const;

/** Everything the policy needs about one conversation, read in the caller's transaction. */
export async function loadSendContext(db: Db, conversationId: string, opts: { lock?: boolean } = {}) {
  const query = db
    .select({ conversation: conversations, contact: contacts, channel: channels, workspace: workspaces })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .where(eq(conversations.id, conversationId));
  const [row] = await (opts.lock ? query.for('update', { of: conversations }) : query);
  if (!row) throw new AppError('NOT_FOUND', 'conversation: no such conversation in this workspace');
  return row;
}

export type SendContext = Awaited<ReturnType<typeof loadSendContext>>;

export async function windowInputFor(db: Db, ctx: SendContext, author: WindowInput['author'], now: Date): Promise<WindowInput> {
  const { conversation, contact, channel, workspace } = ctx;
  let outboundSinceInbound = 0;
  if (channel.kind === 'wechat' && conversation.lastInboundAt) {
    const [row] = await db
      .select({ n: count() })
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, conversation.id),
          eq(messages.direction, 'outbound'),
          inArray(messages.status, [...COUNTED]),
          gte(messages.sentAt, conversation.lastInboundAt),
        ),
      );
    outboundSinceInbound = row?.n ?? 0;
  }
  let usedThisMonth = 0;
  if (channel.kind === 'viber') {
    const monthStart = DateTime.fromJSDate(now, { zone: workspace.timeZone }).startOf('month').toJSDate();
    const [row] = await db
      .select({ n: count() })
      .from(messages)
      .where(
        and(
          eq(messages.channelId, channel.id),
          eq(messages.billing, 'viber_outside_window'),
          inArray(messages.status, [...COUNTED]),
          sql`${messages.sentAt} >= ${monthStart.toISOString()}::timestamptz`,
        ),
      );
    usedThisMonth = row?.n ?? 0;
  }
  return {
    channel: { kind: channel.kind, senderId: channel.settings.senderId, wechatMessageCap: channel.settings.wechatMessageCap },
    contact: { blocked: contact.blocked, consent: contact.consent },
    lastInboundAt: conversation.lastInboundAt,
    outboundSinceInbound,
    viber: { usedThisMonth, paidTermsAccepted: workspace.settings.viberPaidTermsAccepted ?? false },
    author,
  };
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

export const serializeWindow = (w: Window) => ({ ...w, closesAt: w.closesAt?.toISOString() ?? null });
export type WindowView = ReturnType<typeof serializeWindow>;
