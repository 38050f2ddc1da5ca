import { REASON_CODES } from '@/db/schema/values';

export type ReasonCode = (typeof REASON_CODES)[number];

/** The API's explanation of each refusal (the UI has its own, translated, in i18n/). */
export const reasonExplanations: Record<ReasonCode, string> = {
  WINDOW_CLOSED: 'The channel only accepts messages for a while after the contact last wrote, and that time is over. Wait until they write again.',
  TEMPLATE_REQUIRED: 'More than 24 hours have passed since the contact last wrote: WhatsApp only delivers an approved template now.',
  TAG_REQUIRED: 'More than 24 hours have passed since the contact last wrote: only a message with an allowed message tag can be sent now.',
  MESSAGE_CAP_REACHED: 'WeChat allows only a limited number of messages until the contact writes again, and that number has been reached.',
  QUOTA_EXCEEDED: "This month's free Viber quota for messages outside the 24-hour window is used up, and paid messages have not been accepted for this workspace.",
  NO_CONSENT: 'This contact has not agreed to receive text messages.',
  CONTACT_MUST_INITIATE: 'On this channel the contact has to write first; they have not written yet.',
  CONTACT_BLOCKED: 'This contact is blocked: unblock them to write again.',
  CHANNEL_CANNOT_RECEIVE: 'This sender cannot hold conversations (an alphanumeric sender id cannot receive replies).',
};
