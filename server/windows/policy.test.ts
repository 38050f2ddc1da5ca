import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MESSAGE_TAGS, refusalFor, windowFor, type ChannelKind, type WindowInput } from './policy';

const now = new Date('2026-11-21T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const SECOND = 1000;

function input(kind: ChannelKind, over: Partial<WindowInput> = {}): WindowInput {
  return {
    channel: { kind },
    contact: { blocked: false, consent: 'unknown' },
    lastInboundAt: ago(HOUR_MS),
    outboundSinceInbound: 0,
    viber: { usedThisMonth: 0, paidTermsAccepted: false },
    author: 'person',
    ...over,
  };
}

type Row = [string, WindowInput, { state: string; allowed: string[]; reason: string | null; closesAt?: Date | null }];

const table: Row[] = [
  // WhatsApp: 24 h, then approved templates only.
  ['whatsapp just inside 24 h', input('whatsapp', { lastInboundAt: ago(24 * HOUR_MS - SECOND) }), { state: 'open', allowed: ['free_form', 'template'], reason: null, closesAt: new Date(now.getTime() + SECOND) }],
  ['whatsapp at exactly 24 h', input('whatsapp', { lastInboundAt: ago(24 * HOUR_MS) }), { state: 'template_only', allowed: ['template'], reason: 'TEMPLATE_REQUIRED' }],
  ['whatsapp never written', input('whatsapp', { lastInboundAt: null }), { state: 'template_only', allowed: ['template'], reason: 'TEMPLATE_REQUIRED' }],
  // Messenger: 24 h; HUMAN_AGENT to 7 days; non-promotional tags after.
  ['messenger inside 24 h', input('messenger', { lastInboundAt: ago(24 * HOUR_MS - SECOND) }), { state: 'open', allowed: ['free_form', 'template', 'tagged'], reason: null }],
  ['messenger just outside 24 h', input('messenger', { lastInboundAt: ago(24 * HOUR_MS + SECOND) }), { state: 'tag_only', allowed: ['tagged'], reason: 'TAG_REQUIRED', closesAt: new Date(now.getTime() + 6 * 24 * HOUR_MS - SECOND) }],
  ['messenger just outside 7 days', input('messenger', { lastInboundAt: ago(7 * 24 * HOUR_MS + SECOND) }), { state: 'tag_only', allowed: ['tagged'], reason: 'TAG_REQUIRED', closesAt: null }],
  ['messenger never written', input('messenger', { lastInboundAt: null }), { state: 'closed', allowed: [], reason: 'CONTACT_MUST_INITIATE' }],
  // Instagram: 24 h; HUMAN_AGENT to 7 days for people; nothing after.
  ['instagram just outside 24 h, a person', input('instagram', { lastInboundAt: ago(24 * HOUR_MS + SECOND) }), { state: 'tag_only', allowed: ['tagged'], reason: 'TAG_REQUIRED' }],
  ['instagram just outside 24 h, an automation', input('instagram', { lastInboundAt: ago(24 * HOUR_MS + SECOND), author: 'automation' }), { state: 'closed', allowed: [], reason: 'WINDOW_CLOSED' }],
  ['instagram just inside 7 days', input('instagram', { lastInboundAt: ago(7 * 24 * HOUR_MS - SECOND) }), { state: 'tag_only', allowed: ['tagged'], reason: 'TAG_REQUIRED' }],
  ['instagram just outside 7 days', input('instagram', { lastInboundAt: ago(7 * 24 * HOUR_MS + SECOND) }), { state: 'closed', allowed: [], reason: 'WINDOW_CLOSED' }],
  // WeChat: 48 h and a cap per window (default 5).
  ['wechat just inside 48 h', input('wechat', { lastInboundAt: ago(48 * HOUR_MS - SECOND) }), { state: 'open', allowed: ['free_form', 'template'], reason: null }],
  ['wechat just outside 48 h', input('wechat', { lastInboundAt: ago(48 * HOUR_MS + SECOND) }), { state: 'closed', allowed: [], reason: 'WINDOW_CLOSED' }],
  ['wechat the last allowed (5th) message', input('wechat', { outboundSinceInbound: 4 }), { state: 'open', allowed: ['free_form', 'template'], reason: null }],
  ['wechat the first refused (6th) message', input('wechat', { outboundSinceInbound: 5 }), { state: 'closed', allowed: [], reason: 'MESSAGE_CAP_REACHED' }],
  ['wechat with the old cap of 20', input('wechat', { channel: { kind: 'wechat', wechatMessageCap: 20 }, outboundSinceInbound: 19 }), { state: 'open', allowed: ['free_form', 'template'], reason: null }],
  // Viber: 24 h, then messages against a monthly free quota of 10,000.
  ['viber outside 24 h, last free message', input('viber', { lastInboundAt: ago(25 * HOUR_MS), viber: { usedThisMonth: 9_999, paidTermsAccepted: false } }), { state: 'closed', allowed: ['free_form', 'template'], reason: null }],
  ['viber outside 24 h, quota used up', input('viber', { lastInboundAt: ago(25 * HOUR_MS), viber: { usedThisMonth: 10_000, paidTermsAccepted: false } }), { state: 'closed', allowed: [], reason: 'QUOTA_EXCEEDED' }],
  ['viber outside 24 h, quota used up, paid terms accepted', input('viber', { lastInboundAt: ago(25 * HOUR_MS), viber: { usedThisMonth: 10_000, paidTermsAccepted: true } }), { state: 'closed', allowed: ['free_form', 'template'], reason: null }],
  // SMS: consent; the contact texts first; alphanumeric senders cannot converse.
  ['sms with consent after the contact texted', input('sms', { contact: { blocked: false, consent: 'granted' }, lastInboundAt: ago(400 * HOUR_MS) }), { state: 'none', allowed: ['free_form', 'template'], reason: null }],
  ['sms without consent', input('sms', { contact: { blocked: false, consent: 'revoked' } }), { state: 'none', allowed: [], reason: 'NO_CONSENT' }],
  ['sms before the contact texted', input('sms', { contact: { blocked: false, consent: 'granted' }, lastInboundAt: null }), { state: 'none', allowed: [], reason: 'CONTACT_MUST_INITIATE' }],
  ['sms from an alphanumeric sender', input('sms', { channel: { kind: 'sms', senderId: 'CLINIC' }, contact: { blocked: false, consent: 'granted' } }), { state: 'none', allowed: [], reason: 'CHANNEL_CANNOT_RECEIVE' }],
  // Telegram: the contact starts the bot first.
  ['telegram never written', input('telegram', { lastInboundAt: null }), { state: 'none', allowed: [], reason: 'CONTACT_MUST_INITIATE' }],
  ['telegram months later', input('telegram', { lastInboundAt: ago(2000 * HOUR_MS) }), { state: 'none', allowed: ['free_form', 'template'], reason: null }],
  // No window at all.
  ['line', input('line', { lastInboundAt: null }), { state: 'none', allowed: ['free_form', 'template'], reason: null }],
  ['web chat', input('webchat', { lastInboundAt: ago(9999 * HOUR_MS) }), { state: 'none', allowed: ['free_form', 'template'], reason: null }],
  ['email', input('email', { lastInboundAt: null }), { state: 'none', allowed: ['free_form', 'template'], reason: null }],
  // Blocked contacts: nothing, anywhere.
  ['blocked on whatsapp inside the window', input('whatsapp', { contact: { blocked: true, consent: 'granted' } }), { state: 'closed', allowed: [], reason: 'CONTACT_BLOCKED' }],
  ['blocked on email', input('email', { contact: { blocked: true, consent: 'granted' } }), { state: 'none', allowed: [], reason: 'CONTACT_BLOCKED' }],
];

describe('windowFor: every channel at its edges', () => {
  it.each(table)('%s', (_name, given, expected) => {
    const w = windowFor(given, now);
    expect({ state: w.state, allowed: w.allowed, reason: w.reason }).toEqual({
      state: expected.state,
      allowed: expected.allowed,
      reason: expected.reason,
    });
    if (expected.closesAt !== undefined) expect(w.closesAt).toEqual(expected.closesAt);
  });

  it("a contact's reply resets every windowed channel, WeChat's count included", () => {
    const stale = ago(30 * 24 * HOUR_MS);
    for (const kind of ['whatsapp', 'messenger', 'instagram', 'wechat', 'viber'] as const) {
      expect(windowFor(input(kind, { lastInboundAt: stale, outboundSinceInbound: 9 }), now).state).not.toBe('open');
      // A new message from the contact: a new last-inbound time, and nothing sent since.
      expect(windowFor(input(kind, { lastInboundAt: now, outboundSinceInbound: 0 }), now).state).toBe('open');
    }
  });

  it('counts WhatsApp templates and Viber messages outside the window as billed', () => {
    expect(windowFor(input('whatsapp'), now).billed).toBe('whatsapp_template');
    expect(windowFor(input('viber', { lastInboundAt: ago(25 * HOUR_MS) }), now).billed).toBe('viber_outside_window');
    expect(windowFor(input('viber'), now).billed).toBeNull();
  });
});

describe('refusalFor', () => {
  const whatsappClosed = windowFor(input('whatsapp', { lastInboundAt: ago(30 * HOUR_MS) }), now);
  it('lets only an approved template out of a closed WhatsApp window', () => {
    expect(refusalFor(whatsappClosed, { kind: 'free_form' })).toBe('TEMPLATE_REQUIRED');
    expect(refusalFor(whatsappClosed, { kind: 'template', approved: false })).toBe('TEMPLATE_REQUIRED');
    expect(refusalFor(whatsappClosed, { kind: 'template', approved: true })).toBeNull();
  });

  it('inside the WhatsApp window a template needs no approval (it goes out as text)', () => {
    expect(refusalFor(windowFor(input('whatsapp'), now), { kind: 'template', approved: false })).toBeNull();
  });

  it('lets HUMAN_AGENT out on Messenger to 7 days for people, never for automations', () => {
    const lastAt = ago(3 * 24 * HOUR_MS);
    const person = windowFor(input('messenger', { lastInboundAt: lastAt }), now);
    const bot = windowFor(input('messenger', { lastInboundAt: lastAt, author: 'automation' }), now);
    expect(refusalFor(person, { kind: 'tagged', tag: 'HUMAN_AGENT' })).toBeNull();
    expect(refusalFor(bot, { kind: 'tagged', tag: 'HUMAN_AGENT' })).toBe('TAG_REQUIRED');
    expect(refusalFor(bot, { kind: 'tagged', tag: 'ACCOUNT_UPDATE' })).toBeNull();
    expect(refusalFor(person, { kind: 'free_form' })).toBe('TAG_REQUIRED');
  });

  it('after 7 days on Messenger only the non-promotional tags remain', () => {
    const w = windowFor(input('messenger', { lastInboundAt: ago(8 * 24 * HOUR_MS) }), now);
    expect(refusalFor(w, { kind: 'tagged', tag: 'HUMAN_AGENT' })).toBe('TAG_REQUIRED');
    expect(refusalFor(w, { kind: 'tagged', tag: 'CUSTOMER_FEEDBACK' })).toBe('TAG_REQUIRED');
    expect(refusalFor(w, { kind: 'tagged', tag: 'CONFIRMED_EVENT_UPDATE' })).toBeNull();
  });

  it('refuses everything on Instagram after 7 days, with the window reason', () => {
    const w = windowFor(input('instagram', { lastInboundAt: ago(8 * 24 * HOUR_MS) }), now);
    expect(refusalFor(w, { kind: 'tagged', tag: 'HUMAN_AGENT' })).toBe('WINDOW_CLOSED');
    expect(refusalFor(w, { kind: 'free_form' })).toBe('WINDOW_CLOSED');
  });
});

describe('properties', () => {
  const windowed = fc.constantFrom<ChannelKind>('whatsapp', 'messenger', 'instagram', 'wechat', 'viber');
  const anyInput = (kind: ChannelKind) =>
    fc.record({
      lastInboundAt: fc.option(fc.integer({ min: 0, max: 60 * 24 * HOUR_MS }).map(ago), { nil: null }),
      outboundSinceInbound: fc.nat({ max: 50 }),
      usedThisMonth: fc.nat({ max: 20_000 }),
      author: fc.constantFrom<'person' | 'automation'>('person', 'automation'),
    }).map((r) => input(kind, { lastInboundAt: r.lastInboundAt, outboundSinceInbound: r.outboundSinceInbound, viber: { usedThisMonth: r.usedThisMonth, paidTermsAccepted: false }, author: r.author }));

  it('a message from the contact always makes free-form allowed again on every windowed channel', () => {
    fc.assert(
      fc.property(windowed.chain((kind) => anyInput(kind)), fc.integer({ min: 0, max: 23 * HOUR_MS }), (before, sinceReply) => {
        // Whatever the state before, the contact writes; the check happens a little later.
        const replied = { ...before, lastInboundAt: ago(sinceReply), outboundSinceInbound: 0 };
        const w = windowFor(replied, now);
        return w.allowed.includes('free_form') && refusalFor(w, { kind: 'free_form' }) === null;
      }),
    );
  });

  it('a refusal always carries one of the reason codes, and an allowed kind never refuses plain text for no reason', () => {
    const all = fc.constantFrom<ChannelKind>('whatsapp', 'messenger', 'instagram', 'wechat', 'viber', 'sms', 'telegram', 'line', 'email');
    fc.assert(
      fc.property(all.chain((kind) => anyInput(kind)), fc.constantFrom(...MESSAGE_TAGS), (given, tag) => {
        const w = windowFor(given, now);
        for (const attempt of [{ kind: 'free_form' as const }, { kind: 'template' as const, approved: true }, { kind: 'tagged' as const, tag }]) {
          const reason = refusalFor(w, attempt);
          if (w.allowed.length === 0 && reason === null) return false;
          if (attempt.kind === 'free_form' && (reason === null) !== w.allowed.includes('free_form')) return false;
        }
        return true;
      }),
    );
  });
});
