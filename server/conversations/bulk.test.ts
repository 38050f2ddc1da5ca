import { describe, expect, it } from 'vitest';
import { isUndoable, restoreOf, stateFor, type BulkSnapshot } from './bulk';

const snapshot = (s: Partial<BulkSnapshot> = {}): BulkSnapshot => ({ status: 'open', snoozedUntil: null, waitingSince: null, assigneeId: null, labelApplied: false, lastReadAt: null, ...s });
const NOW = new Date('2026-11-23T10:00:00Z');

describe('the undo of a bulk action', () => {
  it('puts back the status, snooze and wait a close changed', () => {
    const before = snapshot({ status: 'snoozed', snoozedUntil: new Date('2026-11-24T08:00:00Z'), waitingSince: new Date('2026-11-23T09:00:00Z') });
    const after = snapshot({ status: 'closed' });
    const change = { conversationId: 'c', before: stateFor('close', before), after: stateFor('close', after) };
    expect(restoreOf(change, stateFor('close', after), NOW)).toEqual({
      lifecycle: { status: 'snoozed', snoozedUntil: new Date('2026-11-24T08:00:00Z'), waitingSince: new Date('2026-11-23T09:00:00Z'), assigneeId: null },
      rewakeAt: new Date('2026-11-24T08:00:00Z'),
    });
  });

  it('leaves open a snooze whose moment passed meanwhile', () => {
    const before = snapshot({ status: 'snoozed', snoozedUntil: new Date('2026-11-23T09:59:00Z') });
    const change = { conversationId: 'c', before: stateFor('close', before), after: stateFor('close', snapshot({ status: 'closed' })) };
    expect(restoreOf(change, change.after, NOW)?.lifecycle).toMatchObject({ status: 'open', snoozedUntil: null });
  });

  it('touches nothing someone changed since', () => {
    const change = { conversationId: 'c', before: stateFor('assign', snapshot()), after: stateFor('assign', snapshot({ assigneeId: 'ana' })) };
    expect(restoreOf(change, stateFor('assign', snapshot({ assigneeId: 'luis' })), NOW)).toBeNull();
    expect(restoreOf(change, change.after, NOW)).toEqual({ lifecycle: { assigneeId: null } });
  });

  it('always puts back the acting user’s own read mark', () => {
    const read = new Date('2026-11-22T10:00:00Z');
    const change = { conversationId: 'c', before: stateFor('read', snapshot({ lastReadAt: read })), after: stateFor('read', snapshot({ lastReadAt: NOW })) };
    expect(restoreOf(change, stateFor('read', snapshot({ lastReadAt: new Date() })), NOW)).toEqual({ lifecycle: {}, lastReadAt: read });
  });

  it('is offered once, for ten minutes', () => {
    const createdAt = new Date('2026-11-23T09:50:00Z');
    expect(isUndoable({ createdAt, undoneAt: null }, NOW)).toBe(true);
    expect(isUndoable({ createdAt, undoneAt: null }, new Date('2026-11-23T10:00:01Z'))).toBe(false);
    expect(isUndoable({ createdAt, undoneAt: NOW }, NOW)).toBe(false);
  });
});
