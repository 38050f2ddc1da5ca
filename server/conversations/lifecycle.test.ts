import { describe, expect, it } from 'vitest';
import {
  assignmentRefusal,
  firstStatus,
  onBlock,
  onClose,
  onEcho,
  onInbound,
  onOutbound,
  onReopen,
  onSnooze,
  onWake,
  type Lifecycle,
} from './lifecycle';

const t = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);
const conversation = (over: Partial<Lifecycle> = {}): Lifecycle => ({
  status: 'open',
  snoozedUntil: null,
  assigneeId: null,
  lastMessageAt: t('10:00'),
  lastMessagePreview: 'earlier',
  lastInboundAt: t('10:00'),
  lastInboundArrivedAt: t('10:00'),
  lastOutboundAt: null,
  waitingSince: null,
  ...over,
});
const inbound = (over: Partial<Parameters<typeof onInbound>[1]> = {}) => ({
  sentAt: t('11:00'),
  arrivedAt: t('11:01'),
  body: 'Hola',
  keyword: false,
  contactBlocked: false,
  ...over,
});

describe('the contact writes (SPEC §2)', () => {
  it('reopens a closed conversation and wakes a snoozed one', () => {
    expect(onInbound(conversation({ status: 'closed' }), inbound())).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(onInbound(conversation({ status: 'snoozed', snoozedUntil: t('18:00') }), inbound())).toMatchObject({ status: 'open', snoozedUntil: null });
  });

  it('moves the window and the unread mark to their message, the preview to the newest one', () => {
    expect(onInbound(conversation(), inbound())).toMatchObject({
      lastInboundAt: t('11:00'),
      lastInboundArrivedAt: t('11:01'),
      lastMessageAt: t('11:00'),
      lastMessagePreview: 'Hola',
    });
  });

  it('a message that arrives late moves nothing back: not the window, the newest activity nor the preview', () => {
    const patch = onInbound(conversation({ lastInboundAt: t('12:00'), lastMessageAt: t('12:00') }), inbound({ sentAt: t('11:00') }));
    expect(patch.lastInboundAt).toEqual(t('12:00'));
    expect(patch).not.toHaveProperty('lastMessageAt');
    expect(patch).not.toHaveProperty('lastMessagePreview');
  });

  it('keeps them waiting since their first unanswered message, even when that one arrives last', () => {
    expect(onInbound(conversation(), inbound()).waitingSince).toEqual(t('11:00'));
    expect(onInbound(conversation({ waitingSince: t('10:30') }), inbound()).waitingSince).toEqual(t('10:30'));
    expect(onInbound(conversation({ waitingSince: t('11:30') }), inbound()).waitingSince).toEqual(t('11:00'));
  });

  it("a blocked contact's message is kept and changes nothing: no reopening, no unread, no wait", () => {
    expect(onInbound(conversation({ status: 'closed' }), inbound({ contactBlocked: true }))).toEqual({});
  });

  it('a consent keyword (STOP, START) opens nothing and keeps nobody waiting, but is the newest message', () => {
    const patch = onInbound(conversation({ status: 'closed' }), inbound({ keyword: true, body: 'STOP' }));
    expect(patch).not.toHaveProperty('status');
    expect(patch).not.toHaveProperty('waitingSince');
    expect(patch).toMatchObject({ lastMessagePreview: 'STOP', lastInboundAt: t('11:00') });
    expect(firstStatus({ keyword: true })).toBe('closed');
    expect(firstStatus({ keyword: false })).toBe('open');
  });
});

describe('our own message comes back from the provider (an echo)', () => {
  it('never reopens, never moves the window; a person wrote, so the wait it answers ends', () => {
    const patch = onEcho(conversation({ status: 'closed', waitingSince: t('10:00') }), { sentAt: t('11:00'), body: 'Ya te atiendo' });
    expect(patch).not.toHaveProperty('status');
    expect(patch).not.toHaveProperty('lastInboundAt');
    expect(patch).toMatchObject({ lastOutboundAt: t('11:00'), waitingSince: null });
  });

  it('a copy older than the contact’s newer message leaves them waiting', () => {
    expect(onEcho(conversation({ waitingSince: t('11:30') }), { sentAt: t('11:00'), body: 'x' })).not.toHaveProperty('waitingSince');
  });
});

describe('we send', () => {
  it("a person's send into a closed conversation reopens it and takes it when nobody had it", () => {
    expect(onOutbound(conversation({ status: 'closed' }), { at: t('11:00'), body: 'Hola', senderId: 'ana' })).toMatchObject({
      status: 'open',
      snoozedUntil: null,
      assigneeId: 'ana',
      waitingSince: null,
    });
  });

  it('reopening keeps the assignee someone already is', () => {
    expect(onOutbound(conversation({ status: 'closed', assigneeId: 'luis' }), { at: t('11:00'), body: 'Hola', senderId: 'ana' })).not.toHaveProperty('assigneeId');
  });

  it('a send into an open conversation ends the wait and reopens nothing', () => {
    const patch = onOutbound(conversation({ waitingSince: t('10:00') }), { at: t('11:00'), body: 'Hola', senderId: 'ana' });
    expect(patch).toMatchObject({ waitingSince: null, lastOutboundAt: t('11:00'), lastMessagePreview: 'Hola' });
    expect(patch).not.toHaveProperty('status');
  });

  it('an automation (auto-message, follow-up) reopens nothing and leaves the contact waiting for a person', () => {
    const patch = onOutbound(conversation({ status: 'closed', waitingSince: t('10:00') }), { at: t('11:00'), body: 'Auto', senderId: null });
    expect(patch).not.toHaveProperty('status');
    expect(patch).not.toHaveProperty('waitingSince');
    expect(patch).not.toHaveProperty('assigneeId');
  });
});

describe('people act on the conversation', () => {
  it('closing ends the wait and a snooze; it unassigns only when the workspace says so', () => {
    const c = conversation({ status: 'snoozed', snoozedUntil: t('18:00'), assigneeId: 'ana', waitingSince: t('10:00') });
    expect(onClose(c, { closeUnassigns: false })).toEqual({ status: 'closed', snoozedUntil: null, waitingSince: null });
    expect(onClose(c, { closeUnassigns: true })).toEqual({ status: 'closed', snoozedUntil: null, waitingSince: null, assigneeId: null });
  });

  it('reopening opens and forgets a snooze', () => {
    expect(onReopen()).toEqual({ status: 'open', snoozedUntil: null });
  });

  it('a snooze must end in the future', () => {
    expect(onSnooze(t('12:00'), t('11:00'))).toEqual({ status: 'snoozed', snoozedUntil: t('12:00') });
    expect(onSnooze(t('11:00'), t('11:00'))).toBeNull();
  });

  it('the wake time opens only a conversation still snoozed', () => {
    expect(onWake(conversation({ status: 'snoozed', snoozedUntil: t('12:00') }))).toEqual({ status: 'open', snoozedUntil: null });
    expect(onWake(conversation({ status: 'closed' }))).toEqual({});
    expect(onWake(conversation({ status: 'open' }))).toEqual({});
  });

  it('blocking closes each conversation of the contact; unblocking changes none', () => {
    expect(onBlock(true)).toEqual({ status: 'closed', snoozedUntil: null, waitingSince: null });
    expect(onBlock(false)).toEqual({});
  });

  it('an agent assigns only to themselves; supervisors and above to anyone or to nobody', () => {
    expect(assignmentRefusal({ id: 'ana', role: 'agent' }, 'ana')).toBeNull();
    expect(assignmentRefusal({ id: 'ana', role: 'agent' }, 'luis')).toMatch(/themselves/);
    expect(assignmentRefusal({ id: 'ana', role: 'agent' }, null)).toMatch(/themselves/);
    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      expect(assignmentRefusal({ id: 'sol', role }, 'luis')).toBeNull();
      expect(assignmentRefusal({ id: 'sol', role }, null)).toBeNull();
    }
  });
});
