/*
 * Every value list of the data model, once: the pg enums and `text({ enum })` columns are built
 * from these, and so are the zod schemas of the edges (which also run in the browser, so they
 * use these lists without importing the tables).
 */
export const ROLES = ['agent', 'supervisor', 'manager', 'admin'] as const;
export const TEAM_VISIBILITIES = ['shared', 'assigned'] as const;
export const CHANNEL_KINDS = ['whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'line', 'viber', 'wechat', 'webchat', 'email', 'sandbox'] as const;
export const CONSENTS = ['unknown', 'granted', 'revoked'] as const;
export const CONVERSATION_STATUSES = ['open', 'snoozed', 'closed'] as const;
export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export const AUTHOR_KINDS = ['contact', 'agent', 'auto_message', 'follow_up', 'campaign', 'flow'] as const;
/** What a send is (SPEC §3): the kinds a channel's window allows. */
export const MESSAGE_KINDS = ['free_form', 'template', 'tagged'] as const;
/** How a sent message is billed by its provider; none when it is free. */
export const BILLINGS = ['whatsapp_template', 'viber_outside_window'] as const;
export const MESSAGE_STATUSES = ['received', 'scheduled', 'cancelled', 'queued', 'sent', 'delivered', 'read', 'failed'] as const;
export const TEMPLATE_STAGES = [
  'first_message',
  'second_message',
  'third_message',
  'booking_confirmation',
  'after_session',
  're_engagement',
  'inactive_client',
  'general',
] as const;
export const WHATSAPP_APPROVALS = ['approved', 'pending', 'rejected'] as const;
export const WHATSAPP_CATEGORIES = ['marketing', 'utility', 'authentication'] as const;
export const NOTIFICATION_KINDS = ['assigned', 'mention', 'deadline_soon', 'breach', 'escalation'] as const;
export const DEADLINE_STATUSES = ['pending', 'met', 'met_late', 'breached', 'cancelled'] as const;
/** A protocol stage counts calendar time, or only the business hours of the zone it is read in. */
export const STAGE_CLOCKS = ['calendar', 'business'] as const;
export const STAGE_ENFORCEMENTS = ['required', 'recommended'] as const;
/** A channel window's state (SPEC §3); `none`: the channel has no window. Computed, not stored. */
export const WINDOW_STATES = ['open', 'tag_only', 'template_only', 'closed', 'none'] as const;
/** Why a send is refused (SPEC §3): one of these codes, always with a plain-language explanation */
export const REASON_CODES = [
  'WINDOW_CLOSED',
  'TEMPLATE_REQUIRED',
  'TAG_REQUIRED',
  'MESSAGE_CAP_REACHED',
  'QUOTA_EXCEEDED',
  'NO_CONSENT',
  'CONTACT_MUST_INITIATE',
  'CONTACT_BLOCKED',
  'CHANNEL_CANNOT_RECEIVE',
] as const;
