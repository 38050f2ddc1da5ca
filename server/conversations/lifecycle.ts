/*
 * SPEC §2 as pure rules: what each thing that happens does to a conversation. Each rule takes
 * the conversation as it is (read under its row lock) and returns the patch to write; one
 * writer applies it. No I/O, no clock: times are arguments.
 */

import type { CONVERSATION_STATUSES } from '@/db/schema/values';
import { isLead, type Role } from '@/server/access/roles';

export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** The conversation's fields these rules read and write. */
export type Lifecycle = {
  status: ConversationStatus;
  snoozedUntil: Date | null;
  assigneeId: string | null;
  lastMessageAt: Date;
  lastMessagePreview: string | null;
  lastInboundAt: Date | null;
  lastInboundArrivedAt: Date | null;
  lastOutboundAt: Date | null;
  waitingSince: Date | null;
};

export type LifecyclePatch = Partial<Lifecycle>;

/** Authors whose messages are a person on our side writing: they meet protocol stages and end a wait. */
export const PERSON_AUTHOR_KINDS = ['agent'] as const;

/** Outbound statuses of a message that left us or is leaving: it was written, whatever the provider says next. */
// `unknown`: it may have reached the contact (SPEC §13), so it counts as on its way.
export const ON_ITS_WAY = ['queued', 'unknown', 'sent', 'delivered', 'read'] as const;

const PREVIEW_CHARS = 140;
const later = (a: Date | null, b: Date): Date => (a && a > b ? a : b);
const earlier = (a: Date | null, b: Date): Date => (a && a < b ? a : b);

/** The newest message either way, and its text as the list shows it; an older message arriving late changes neither. */
function activity(c: Lifecycle, at: Date, body: string): LifecyclePatch {
  return at >= c.lastMessageAt ? { lastMessageAt: at, lastMessagePreview: body.slice(0, PREVIEW_CHARS) } : {};
}

/** A conversation the contact's first message opens: a consent keyword (STOP, START) files a closed one. */
export const firstStatus = (m: { keyword: boolean }): ConversationStatus => (m.keyword ? 'closed' : 'open');

/**
 * The contact wrote. It reopens a closed or snoozed conversation and keeps them waiting since
 * their first unanswered message (webhooks may arrive out of order), unless they are blocked
 * (kept, and nothing else) or the message is a consent keyword (it asks for nothing).
 */
export function onInbound(c: Lifecycle, m: { sentAt: Date; arrivedAt: Date; body: string; keyword: boolean; contactBlocked: boolean }): LifecyclePatch {
  if (m.contactBlocked) return {};
  return {
    ...activity(c, m.sentAt, m.body),
    lastInboundAt: later(c.lastInboundAt, m.sentAt),
    lastInboundArrivedAt: m.arrivedAt,
    ...(m.keyword ? {} : { status: 'open' as const, snoozedUntil: null, waitingSince: earlier(c.waitingSince, m.sentAt) }),
  };
}

/**
 * A copy of our own message, sent perhaps from the provider's app (Meta's `is_echo`): a person
 * wrote. It never reopens the conversation nor the channel window, and ends the wait unless the
 * contact wrote again after it.
 */
export function onEcho(c: Lifecycle, m: { sentAt: Date; body: string }): LifecyclePatch {
  return {
    ...activity(c, m.sentAt, m.body),
    lastOutboundAt: later(c.lastOutboundAt, m.sentAt),
    ...(c.waitingSince && c.waitingSince <= m.sentAt ? { waitingSince: null } : {}),
  };
}

/**
 * We sent. A person's send ends the wait, reopens a closed conversation and takes it when
 * nobody had it; an automation's (auto-message, follow-up) reopens nothing and leaves the
 * contact waiting for a person.
 */
export function onOutbound(c: Lifecycle, m: { at: Date; body: string; senderId: string | null }): LifecyclePatch {
  const reopening = m.senderId !== null && c.status === 'closed';
  return {
    lastOutboundAt: m.at,
    lastMessageAt: later(c.lastMessageAt, m.at),
    lastMessagePreview: m.body.slice(0, PREVIEW_CHARS),
    ...(m.senderId !== null ? { waitingSince: null } : {}),
    ...(reopening ? { status: 'open' as const, snoozedUntil: null } : {}),
    ...(reopening && !c.assigneeId ? { assigneeId: m.senderId } : {}),
  };
}

/** Closed: nobody is expected to answer, so the contact is no longer waiting; the workspace decides whether it is unassigned. */
export function onClose(c: Lifecycle, settings: { closeUnassigns: boolean }): LifecyclePatch {
  return { status: 'closed', snoozedUntil: null, waitingSince: null, ...(settings.closeUnassigns && c.assigneeId ? { assigneeId: null } : {}) };
}

/** Reopened by a person. */
export const onReopen = (): LifecyclePatch => ({ status: 'open', snoozedUntil: null });

/** Snoozed until a moment, which must be in the future; null when it is not. */
export const onSnooze = (until: Date, now: Date): LifecyclePatch | null => (until > now ? { status: 'snoozed', snoozedUntil: until } : null);

/** The wake time came: only a conversation still snoozed opens (the contact may have woken it, or a person closed it). */
export const onWake = (c: Lifecycle): LifecyclePatch => (c.status === 'snoozed' ? { status: 'open', snoozedUntil: null } : {});

/** Blocking the contact closes each of their conversations; unblocking changes none (their next message reopens it). */
export const onBlock = (blocked: boolean): LifecyclePatch => (blocked ? { status: 'closed', snoozedUntil: null, waitingSince: null } : {});

/**
 * Who may assign a conversation to whom, by role: an agent only to themselves; supervisors and
 * above to others, or to nobody (whom a supervisor leads is the access module's question).
 * Returns why not, or null when allowed.
 */
export function assignmentRefusal(actor: { id: string; role: Role }, assigneeId: string | null): string | null {
  if (!isLead(actor.role) && assigneeId !== actor.id) return 'Agents may only assign conversations to themselves.';
  return null;
}
