import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FollowupConditions } from '@/db/schema/followups';
import { CHANNEL_KINDS, FOLLOWUP_STOP_TRIGGERS } from '@/db/schema/values';
import { windowFor, type ChannelKind, type WindowInput } from '@/server/windows/policy';
import {
  decideAtDue,
  dueTime,
  effectiveDelay,
  followupText,
  overActiveLimit,
  planInteraction,
  qualifies,
  stops,
  whatsappTemplateRequired,
  type DueInput,
  type FollowupConversation,
  type FollowupRule,
} from './policy';

const at = (iso: string) => new Date(iso);
const anyConditions: FollowupConditions = { lastMessageOurs: false, labelIds: [], withoutLabelIds: [], stage: null };
const conversation = (patch: Partial<FollowupConversation> = {}): FollowupConversation => ({
  channelKind: 'whatsapp',
  status: 'open',
  lastInteractionAt: at('2026-05-04T10:00:00Z'),
  lastMessageOurs: true,
  labelIds: [],
  stage: null,
  ...patch,
});
const rule = (patch: Partial<FollowupRule> = {}): FollowupRule => ({
  id: 'f1',
  channelKinds: ['whatsapp'],
  delayMinutes: 240,
  conditions: { ...anyConditions, lastMessageOurs: true },
  ...patch,
});

describe('the delay', () => {
  it('is clamped to 24 h on Instagram and Messenger, and the request is kept', () => {
    expect(effectiveDelay(2880, ['messenger'])).toEqual({ delayMinutes: 1440, requestedDelayMinutes: 2880 });
    expect(effectiveDelay(2880, ['whatsapp', 'instagram'])).toEqual({ delayMinutes: 1440, requestedDelayMinutes: 2880 });
    expect(effectiveDelay(1440, ['instagram'])).toEqual({ delayMinutes: 1440, requestedDelayMinutes: null });
    expect(effectiveDelay(2880, ['whatsapp', 'sms'])).toEqual({ delayMinutes: 2880, requestedDelayMinutes: null });
  });

  it('never exceeds 24 h where Meta clamps it, and is never changed elsewhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 43_200 }), fc.uniqueArray(fc.constantFrom(...CHANNEL_KINDS), { minLength: 1 }), (minutes, kinds) => {
        const { delayMinutes, requestedDelayMinutes } = effectiveDelay(minutes, kinds);
        const meta = kinds.includes('instagram') || kinds.includes('messenger');
        expect(delayMinutes).toBe(meta ? Math.min(minutes, 1440) : minutes);
        expect(requestedDelayMinutes).toBe(meta && minutes > 1440 ? minutes : null);
      }),
    );
  });

  it('needs a WhatsApp template past 24 h on WhatsApp only', () => {
    expect(whatsappTemplateRequired(['whatsapp'], 1441)).toBe(true);
    expect(whatsappTemplateRequired(['whatsapp'], 1440)).toBe(false);
    expect(whatsappTemplateRequired(['sms', 'telegram'], 5000)).toBe(false);
  });

  it('counts from the last interaction', () => {
    expect(dueTime(at('2026-05-04T10:00:00Z'), 90)).toEqual(at('2026-05-04T11:30:00Z'));
  });
});

describe('who qualifies', () => {
  it('an open conversation on one of its channels, whose last message is ours, meeting the stage and labels', () => {
    const strict = rule({ conditions: { lastMessageOurs: true, labelIds: ['vip'], withoutLabelIds: ['done'], stage: 'second_message' } });
    const fits = conversation({ labelIds: ['vip'], stage: 'second_message' });
    expect(qualifies(fits, strict)).toBe(true);
    expect(qualifies({ ...fits, channelKind: 'sms' }, strict)).toBe(false);
    expect(qualifies({ ...fits, status: 'snoozed' }, strict)).toBe(false);
    expect(qualifies({ ...fits, status: 'closed' }, strict)).toBe(false);
    expect(qualifies({ ...fits, lastMessageOurs: false }, strict)).toBe(false);
    expect(qualifies({ ...fits, stage: 'third_message' }, strict)).toBe(false);
    expect(qualifies({ ...fits, labelIds: [] }, strict)).toBe(false);
    expect(qualifies({ ...fits, labelIds: ['vip', 'done'] }, strict)).toBe(false);
    expect(qualifies({ ...fits, lastInteractionAt: null }, strict)).toBe(false);
    // Without the condition, the contact's own last message is no obstacle.
    expect(qualifies({ ...fits, lastMessageOurs: false }, { ...strict, conditions: { ...strict.conditions, lastMessageOurs: false } })).toBe(true);
  });
});

describe('an interaction', () => {
  const silence = at('2026-05-04T10:00:00Z');

  it('schedules at the silence plus the delay', () => {
    expect(planInteraction(conversation(), [rule()], [])).toEqual([{ action: 'schedule', followupId: 'f1', silenceAt: silence, dueAt: at('2026-05-04T14:00:00Z') }]);
  });

  it('moves one waiting on an earlier silence, and leaves one already on this silence', () => {
    const earlier = { id: 'r1', followupId: 'f1', silenceAt: at('2026-05-04T08:00:00Z'), status: 'pending' as const };
    expect(planInteraction(conversation(), [rule()], [earlier])).toEqual([{ action: 'move', runId: 'r1', followupId: 'f1', silenceAt: silence, dueAt: at('2026-05-04T14:00:00Z') }]);
    expect(planInteraction(conversation(), [rule()], [{ ...earlier, silenceAt: silence, status: 'waiting' }])).toEqual([]);
  });

  it('cancels one the conversation no longer meets, naming why', () => {
    const open = { id: 'r1', followupId: 'f1', silenceAt: at('2026-05-04T08:00:00Z'), status: 'pending' as const };
    expect(planInteraction(conversation({ lastMessageOurs: false }), [rule()], [open])).toEqual([{ action: 'cancel', runId: 'r1', reason: 'answered' }]);
    expect(planInteraction(conversation({ lastMessageOurs: false }), [rule()], [])).toEqual([]);
  });

  it('gives each follow-up at most once per silence, however often the conversation is looked at', () => {
    fc.assert(
      fc.property(fc.constantFrom('sent', 'skipped', 'cancelled' as const), fc.integer({ min: 1, max: 5 }), (status, times) => {
        const done = [{ id: 'r1', followupId: 'f1', silenceAt: silence, status }];
        for (let i = 0; i < times; i++) expect(planInteraction(conversation(), [rule()], done)).toEqual([]);
      }),
    );
  });

  it('ignores follow-ups of other channels', () => {
    expect(planInteraction(conversation({ channelKind: 'telegram' }), [rule()], [])).toEqual([]);
  });
});

describe('stop triggers', () => {
  it('stop every pending follow-up when one of them lists the trigger, and always when the contact wrote', () => {
    expect(stops('session_booked', [['contact_replied'], ['session_booked']], false)).toBe(true);
    expect(stops('label_added', [['contact_replied'], ['session_booked']], false)).toBe(false);
    expect(stops('opted_out', [['session_booked']], true)).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...FOLLOWUP_STOP_TRIGGERS), fc.array(fc.uniqueArray(fc.constantFrom(...FOLLOWUP_STOP_TRIGGERS), { minLength: 1 })), (trigger, lists) => {
        expect(stops(trigger, lists, false)).toBe(lists.some((l) => l.includes(trigger)));
      }),
    );
  });
});

describe('at its time', () => {
  const inbound = at('2026-05-04T09:00:00Z');
  const windowOf = (kind: ChannelKind, lastInboundAt: Date | null, now: Date, consent: WindowInput['contact']['consent'] = 'granted') =>
    windowFor({ channel: { kind }, contact: { blocked: false, consent }, lastInboundAt, outboundSinceInbound: 0, viber: { usedThisMonth: 0, paidTermsAccepted: false }, author: 'automation' }, now);
  const due = (patch: Partial<DueInput> & { now: Date }): DueInput => ({
    silenceAt: at('2026-05-04T10:00:00Z'),
    conditions: { ...anyConditions, lastMessageOurs: true },
    conversation: conversation(),
    window: windowOf('whatsapp', inbound, patch.now),
    template: null,
    recipient: { zone: 'Europe/Madrid', fallbackZone: 'Europe/Madrid', lastInboundAt: inbound },
    ...patch,
  });

  it('sends free text inside the window, in the contact daytime', () => {
    expect(decideAtDue(due({ now: at('2026-05-04T14:00:00Z') }))).toEqual({ decision: 'send', via: 'free_form' });
  });

  it('past the WhatsApp window sends the approved template, or is skipped because one is required', () => {
    const now = at('2026-05-06T10:00:00Z');
    expect(decideAtDue(due({ now, template: { approved: true } }))).toEqual({ decision: 'send', via: 'template' });
    expect(decideAtDue(due({ now, template: { approved: false } }))).toEqual({ decision: 'skip', reason: 'template_required' });
    expect(decideAtDue(due({ now }))).toEqual({ decision: 'skip', reason: 'template_required' });
  });

  it('is skipped when the Messenger window closed (automations carry no tags)', () => {
    const now = at('2026-05-05T10:00:00Z');
    expect(decideAtDue(due({ now, conversation: conversation({ channelKind: 'messenger' }), window: windowOf('messenger', inbound, now) }))).toEqual({ decision: 'skip', reason: 'tag_required' });
  });

  it('is skipped with the reason when the conversation moved on or no longer qualifies', () => {
    const now = at('2026-05-04T14:00:00Z');
    expect(decideAtDue(due({ now, conversation: conversation({ lastInteractionAt: at('2026-05-04T12:00:00Z') }) }))).toEqual({ decision: 'skip', reason: 'new_interaction' });
    expect(decideAtDue(due({ now, conversation: conversation({ status: 'closed' }) }))).toEqual({ decision: 'skip', reason: 'not_open' });
    expect(decideAtDue(due({ now, conversation: conversation({ channelKind: 'sms' }), window: windowOf('sms', inbound, now, 'revoked') }))).toEqual({ decision: 'skip', reason: 'no_consent' });
  });

  it("waits for 08:00 the contact's time during their quiet hours", () => {
    // 23:30 in Madrid (CEST, UTC+2); the window is still open.
    const late = due({ now: at('2026-05-04T21:30:00Z') });
    expect(decideAtDue(late)).toEqual({ decision: 'wait', until: at('2026-05-05T06:00:00Z') });
    // The same moment in Bogotá is 16:30: no wait.
    expect(decideAtDue({ ...late, recipient: { ...late.recipient, zone: 'America/Bogota' } })).toEqual({ decision: 'send', via: 'free_form' });
  });

  it('never sends in the quiet hours, whatever the zone and the moment', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Europe/Madrid', 'America/Mexico_City', 'Asia/Tokyo', 'Pacific/Auckland'), (now, zone) => {
        const input = due({ now, conversation: conversation({ channelKind: 'telegram' }), window: windowOf('telegram', inbound, now), recipient: { zone, fallbackZone: 'UTC', lastInboundAt: null } });
        const decision = decideAtDue({ ...input, silenceAt: input.conversation.lastInteractionAt! });
        const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: zone }).format(now));
        if (decision.decision === 'send') expect(hour >= 8 && hour <= 20).toBe(true);
        if (decision.decision === 'wait') {
          expect(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(decision.until)).toBe('08:00');
          expect(decision.until > now).toBe(true);
        }
      }),
    );
  });
});

describe('the text', () => {
  const values = { 'contact.first_name': 'Lucía', 'agent.name': 'Ana', 'session.link': null };

  it('fills its placeholders, or is skipped rather than sent half-filled', () => {
    expect(followupText({ kind: 'custom', body: 'Hola {{contact.first_name}}, soy {{agent.name}}' }, null, values)).toEqual({ text: 'Hola Lucía, soy Ana' });
    expect(followupText({ kind: 'custom', body: 'Tu enlace: {{session.link}}' }, null, values)).toEqual({ skip: 'unfilled_placeholders' });
  });

  it('takes the best suggestion, and is skipped when the library has none', () => {
    expect(followupText({ kind: 'suggested' }, '¿Seguimos, {{contact.first_name}}?', values)).toEqual({ text: '¿Seguimos, Lucía?' });
    expect(followupText({ kind: 'suggested' }, null, values)).toEqual({ skip: 'no_suggestion' });
  });
});

describe('the limit of active follow-ups', () => {
  it('names the channel that already has five', () => {
    const counts = new Map<ChannelKind, number>([['whatsapp', 5], ['sms', 4]]);
    expect(overActiveLimit(['sms', 'whatsapp'], counts)).toBe('whatsapp');
    expect(overActiveLimit(['sms', 'telegram'], counts)).toBeNull();
  });
});
