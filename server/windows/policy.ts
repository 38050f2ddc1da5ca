import type { BILLINGS, CHANNEL_KINDS, CONSENTS, MESSAGE_KINDS, WINDOW_STATES } from '@/db/schema/values';
import type { ReasonCode } from './reasons';
import type { WhatsAppCategory } from '@/server/templates/pricing';

/*
 * SPEC §3, as one pure function: what may be sent in a conversation at an instant. The server
 * decides with it; the composer only shows its answer.
 */

export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type SendKind = (typeof MESSAGE_KINDS)[number];
export type WindowState = (typeof WINDOW_STATES)[number];

export const MESSAGE_TAGS = [
  'HUMAN_AGENT',
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'ACCOUNT_UPDATE',
  'CUSTOMER_FEEDBACK',
] as const;
export type MessageTag = (typeof MESSAGE_TAGS)[number];
const NON_PROMOTIONAL_TAGS: MessageTag[] = ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE'];

export const HOUR_MS = 3_600_000;
export const DEFAULT_WECHAT_CAP = 5;
export const VIBER_FREE_MONTHLY_QUOTA = 10_000;

export type WindowInput = {
  channel: { kind: ChannelKind; senderId?: string | null; wechatMessageCap?: number | null };
  contact: { blocked: boolean; consent: (typeof CONSENTS)[number] };
  /** Provider time of the contact's last own message; echoes of ours never count. */
  lastInboundAt: Date | null;
  /** WeChat: our messages since the contact's last one. */
  outboundSinceInbound: number;
  /** Viber: messages sent outside the 24 h window this month, and whether paid ones are accepted. */
  viber: { usedThisMonth: number; paidTermsAccepted: boolean };
  /** Message tags like HUMAN_AGENT are for people only, never automations. */
  author: 'person' | 'automation';
};

export type Window = {
  state: WindowState;
  /** When the current state ends (the free-form window, or the HUMAN_AGENT 7 days). */
  closesAt: Date | null;
  allowed: SendKind[];
  /** Why free-form text is refused now; null when it is allowed. */
  reason: ReasonCode | null;
  /** Message tags a tagged send may carry now (Messenger, Instagram). */
  tags: MessageTag[];
  /** WhatsApp outside the window: a template must be approved to go out. */
  approvedTemplateOnly: boolean;
  /** WeChat: how many more messages fit before the contact writes again. */
  messagesLeft: number | null;
  /** A send now is billed: every WhatsApp template, Viber messages outside the window. */
  billed: (typeof BILLINGS)[number] | null;
};

const base: Omit<Window, 'state' | 'allowed' | 'reason'> = {
  closesAt: null,
  tags: [],
  approvedTemplateOnly: false,
  messagesLeft: null,
  billed: null,
};
const refuse = (state: WindowState, reason: ReasonCode, closesAt: Date | null = null): Window => ({
  ...base,
  state,
  allowed: [],
  reason,
  closesAt,
});
const at = (from: Date, hours: number) => new Date(from.getTime() + hours * HOUR_MS);

export function windowFor(input: WindowInput, now: Date): Window {
  const { channel, contact, lastInboundAt: last, author } = input;
  if (contact.blocked) return refuse(hasWindow(channel.kind) ? 'closed' : 'none', 'CONTACT_BLOCKED');
  const within = (hours: number) => last !== null && now.getTime() < last.getTime() + hours * HOUR_MS;

  switch (channel.kind) {
    case 'whatsapp':
      if (within(24)) return { ...base, state: 'open', closesAt: at(last!, 24), allowed: ['free_form', 'template'], reason: null, billed: 'whatsapp_template' };
      return { ...base, state: 'template_only', allowed: ['template'], reason: 'TEMPLATE_REQUIRED', approvedTemplateOnly: true, billed: 'whatsapp_template' };

    case 'messenger': {
      if (!last) return refuse('closed', 'CONTACT_MUST_INITIATE');
      if (within(24)) return { ...base, state: 'open', closesAt: at(last, 24), allowed: ['free_form', 'template', 'tagged'], reason: null, tags: personTags(author, [...MESSAGE_TAGS]) };
      if (within(24 * 7)) {
        return { ...base, state: 'tag_only', closesAt: at(last, 24 * 7), allowed: ['tagged'], reason: 'TAG_REQUIRED', tags: personTags(author, [...MESSAGE_TAGS]) };
      }
      return { ...base, state: 'tag_only', allowed: ['tagged'], reason: 'TAG_REQUIRED', tags: NON_PROMOTIONAL_TAGS };
    }

    case 'instagram':
      if (!last) return refuse('closed', 'CONTACT_MUST_INITIATE');
      if (within(24)) return { ...base, state: 'open', closesAt: at(last, 24), allowed: ['free_form', 'template', 'tagged'], reason: null, tags: personTags(author, ['HUMAN_AGENT']) };
      if (within(24 * 7) && author === 'person') {
        return { ...base, state: 'tag_only', closesAt: at(last, 24 * 7), allowed: ['tagged'], reason: 'TAG_REQUIRED', tags: ['HUMAN_AGENT'] };
      }
      return refuse('closed', 'WINDOW_CLOSED');

    case 'wechat': {
      if (!last) return refuse('closed', 'CONTACT_MUST_INITIATE');
      if (!within(48)) return refuse('closed', 'WINDOW_CLOSED');
      const cap = channel.wechatMessageCap ?? DEFAULT_WECHAT_CAP;
      const left = Math.max(0, cap - input.outboundSinceInbound);
      if (left === 0) return { ...refuse('closed', 'MESSAGE_CAP_REACHED', at(last, 48)), messagesLeft: 0 };
      return { ...base, state: 'open', closesAt: at(last, 48), allowed: ['free_form', 'template'], reason: null, messagesLeft: left };
    }

    case 'viber': {
      if (within(24)) return { ...base, state: 'open', closesAt: at(last!, 24), allowed: ['free_form', 'template'], reason: null };
      const quotaLeft = input.viber.usedThisMonth < VIBER_FREE_MONTHLY_QUOTA;
      if (!quotaLeft && !input.viber.paidTermsAccepted) return refuse('closed', 'QUOTA_EXCEEDED');
      // Outside the window Viber still delivers "bot-initiated" messages, counted against the quota.
      return { ...base, state: 'closed', allowed: ['free_form', 'template'], reason: null, billed: 'viber_outside_window' };
    }

    case 'sms':
      if (channel.senderId && /[a-z]/i.test(channel.senderId)) return refuse('none', 'CHANNEL_CANNOT_RECEIVE');
      if (contact.consent !== 'granted') return refuse('none', 'NO_CONSENT');
      if (!last) return refuse('none', 'CONTACT_MUST_INITIATE');
      return { ...base, state: 'none', allowed: ['free_form', 'template'], reason: null };

    case 'telegram':
      if (!last) return refuse('none', 'CONTACT_MUST_INITIATE');
      return { ...base, state: 'none', allowed: ['free_form', 'template'], reason: null };

    default:
      return { ...base, state: 'none', allowed: ['free_form', 'template'], reason: null };
  }
}

function hasWindow(kind: ChannelKind): boolean {
  return ['whatsapp', 'messenger', 'instagram', 'wechat', 'viber'].includes(kind);
}

function personTags(author: WindowInput['author'], tags: MessageTag[]): MessageTag[] {
  return author === 'person' ? tags : tags.filter((t) => t !== 'HUMAN_AGENT');
}

export type SendAttempt =
  | { kind: 'free_form' }
  | { kind: 'template'; approved: boolean; category?: WhatsAppCategory | null }
  | { kind: 'tagged'; tag: MessageTag };

/** Null when the send may go out; otherwise the reason code it is refused with. */
export function refusalFor(window: Window, send: SendAttempt): ReasonCode | null {
  if (!window.allowed.includes(send.kind)) {
    if (window.allowed.length === 0) return window.reason;
    if (send.kind === 'free_form') return window.reason;
    return window.allowed.includes('template') ? 'TEMPLATE_REQUIRED' : (window.reason ?? 'WINDOW_CLOSED');
  }
  if (send.kind === 'template' && window.approvedTemplateOnly && !send.approved) return 'TEMPLATE_REQUIRED';
  if (send.kind === 'tagged' && !window.tags.includes(send.tag)) return 'TAG_REQUIRED';
  return null;
}
