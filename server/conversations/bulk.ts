/*
 * Bulk actions on the inbox's selection (SPEC §17) as pure rules: what each conversation's
 * state was and became, and what its one undo puts back. No I/O; times are arguments.
 */

import type { BulkChange, BulkState } from '@/db/schema/bulk-actions';
import type { LifecyclePatch } from './lifecycle';

/** At most this many conversations in one bulk action (one transaction, one undo). */
export const BULK_LIMIT = 100;

/** How long after a bulk action its undo is offered, and honoured. */
export const UNDO_WINDOW_MS = 10 * 60_000;

export const BULK_KINDS = ['close', 'snooze', 'assign', 'label', 'read', 'unread'] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

/** The conversation's fields a bulk action may change, as stored. */
export type BulkSnapshot = {
  status: 'open' | 'snoozed' | 'closed';
  snoozedUntil: Date | null;
  waitingSince: Date | null;
  assigneeId: string | null;
  labelApplied: boolean;
  lastReadAt: Date | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The fields a kind of action changes: only they are recorded, compared and restored. */
export function stateFor(kind: BulkKind, s: BulkSnapshot): BulkState {
  switch (kind) {
    case 'close':
    case 'snooze':
      // Closing may also unassign (a workspace setting), and ends the wait.
      return { status: s.status, snoozedUntil: iso(s.snoozedUntil), waitingSince: iso(s.waitingSince), assigneeId: s.assigneeId };
    case 'assign':
      return { assigneeId: s.assigneeId };
    case 'label':
      return { labelApplied: s.labelApplied };
    case 'read':
    case 'unread':
      return { lastReadAt: iso(s.lastReadAt) };
  }
}

export function isUndoable(action: { createdAt: Date; undoneAt: Date | null }, now: Date): boolean {
  return action.undoneAt === null && now.getTime() - action.createdAt.getTime() <= UNDO_WINDOW_MS;
}

/** What the undo writes on one conversation. */
export type Restore = { lifecycle: LifecyclePatch; labelApplied?: boolean; lastReadAt?: Date | null; rewakeAt?: Date };

const date = (v: string | null | undefined) => (v ? new Date(v) : null);

/**
 * The undo of one conversation's change, or null when someone (or something) changed it since:
 * an undo never overwrites a later person's work. The acting user's read mark is their own
 * and is always put back. A snooze restored whose moment has passed is left open instead.
 */
export function restoreOf(change: BulkChange, current: BulkState, now: Date): Restore | null {
  const { before, after } = change;
  if ('lastReadAt' in before) return { lifecycle: {}, lastReadAt: date(before.lastReadAt) };
  const fields = Object.keys(after) as (keyof BulkState)[];
  if (fields.some((f) => (current[f] ?? null) !== (after[f] ?? null))) return null;
  if ('labelApplied' in before) return { lifecycle: {}, labelApplied: before.labelApplied };
  const lifecycle: LifecyclePatch = {};
  if ('assigneeId' in before) lifecycle.assigneeId = before.assigneeId ?? null;
  if (before.status) {
    const until = date(before.snoozedUntil);
    const stillSnoozed = before.status === 'snoozed' && until !== null && until > now;
    lifecycle.status = before.status === 'snoozed' && !stillSnoozed ? 'open' : before.status;
    lifecycle.snoozedUntil = stillSnoozed ? until : null;
    lifecycle.waitingSince = date(before.waitingSince);
    if (stillSnoozed) return { lifecycle, rewakeAt: until! };
  }
  return { lifecycle };
}
