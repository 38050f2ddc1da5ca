/*
 * Every value list of the data model, once: the pg enums and `text({ enum })` columns are built
 * from these, and so are the zod schemas of the edges (which also run in the browser, so they
 * use these lists without importing the tables).
 */
export const ROLES = ['agent', 'supervisor', 'manager', 'admin'] as const;
export const TEAM_VISIBILITIES = ['shared', 'assigned'] as const;
/** What a person says of themselves (SPEC §15): `online` counts only while a tab of theirs is open. */
export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export const CHANNEL_KINDS = ['whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'line', 'viber', 'wechat', 'webchat', 'email', 'sandbox'] as const;
export const CONSENTS = ['unknown', 'granted', 'revoked'] as const;
export const CONVERSATION_STATUSES = ['open', 'snoozed', 'closed'] as const;
export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export const AUTHOR_KINDS = ['contact', 'agent', 'auto_message', 'follow_up', 'campaign', 'flow'] as const;
/** What a send is (SPEC §3): the kinds a channel's window allows. */
export const MESSAGE_KINDS = ['free_form', 'template', 'tagged'] as const;
/** How a sent message is billed by its provider; none when it is free. */
export const BILLINGS = ['whatsapp_template', 'viber_outside_window'] as const;
/** `unknown`: the request may have reached a provider that has no idempotency; a status webhook settles it (SPEC §13). */
export const MESSAGE_STATUSES = ['received', 'scheduled', 'cancelled', 'queued', 'sent', 'delivered', 'read', 'failed', 'unknown'] as const;
/** Who delivers a channel's messages: SMS goes through Twilio, each other kind has one provider; Cadence's own channels none yet. */
export const PROVIDERS = ['whatsapp', 'messenger', 'instagram', 'twilio', 'telegram', 'line', 'viber', 'wechat', 'sandbox'] as const;
/** A channel delivers (`connected`), waits for a manager (`needs_attention`: its token expired, with the reason), or is switched off. */
export const CHANNEL_STATES = ['connected', 'needs_attention', 'disabled'] as const;
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
/** A WhatsApp template's state at Meta (APPROVED, PENDING, REJECTED, PAUSED, DISABLED); only `approved` is sent outside the window. */
export const WHATSAPP_APPROVALS = ['approved', 'pending', 'rejected', 'paused', 'disabled'] as const;
/** How a synced WhatsApp template names its parameters: `{{1}}` in order, or `{{first_name}}`. */
export const TEMPLATE_PARAMETER_FORMATS = ['positional', 'named'] as const;
export const WHATSAPP_CATEGORIES = ['marketing', 'utility', 'authentication'] as const;
/** `channel_attention`: a channel stopped delivering (its token expired), told to its managers. */
export const NOTIFICATION_KINDS = ['assigned', 'mention', 'deadline_soon', 'breach', 'escalation', 'channel_attention'] as const;
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
/** The colors a label or a follow-up is marked with. */
export const COLORS = ['slate', 'red', 'amber', 'emerald', 'sky', 'indigo', 'fuchsia'] as const;
/** The events that stop every pending follow-up of a conversation (SPEC §7). */
export const FOLLOWUP_STOP_TRIGGERS = ['contact_replied', 'session_booked', 'conversation_closed', 'opted_out', 'label_added'] as const;
/** What a follow-up on a conversation is: due (`pending`), held for the contact's morning (`waiting`), or done one way. */
export const FOLLOWUP_RUN_STATUSES = ['pending', 'waiting', 'sent', 'skipped', 'cancelled'] as const;
/** What a follow-up's log says happened (SPEC §7). */
export const FOLLOWUP_LOG_STATUSES = ['scheduled', 'sent', 'skipped', 'waiting', 'cancelled'] as const;
/** What a follow-up sends: a text of its own, or the template library's best suggestion for the stage. */
export const FOLLOWUP_MESSAGE_KINDS = ['custom', 'suggested'] as const;
/** Whom an SMS channel's auto-responder answers (SPEC §8). */
export const AUTO_RESPONDER_MODES = ['everyone', 'non_consented', 'nobody'] as const;
/** The automatic SMS answers Cadence sends (SPEC §8): the help reply, an opt-out's confirmation, the welcome back, the auto-responder. */
export const SMS_REPLY_KINDS = ['help', 'opt_out', 'opt_in', 'auto_responder'] as const;
/** What a message's attachment is (SPEC §14): a file of some kind, or a location or contact card carried whole. */
export const ATTACHMENT_KINDS = ['image', 'audio', 'video', 'document', 'sticker', 'location', 'contact'] as const;
/** A file is `pending` until the download job stores it; locations and contact cards are `ready` at once. */
export const ATTACHMENT_STATUSES = ['pending', 'ready', 'failed'] as const;
/** Why a download failed for good, shown in the thread: the provider no longer has it, or it is over the workspace's cap. */
export const ATTACHMENT_FAILURES = ['gone', 'too_large'] as const;
/** What an uploaded file goes out as (SPEC §14's outbound table): stickers go as images. */
export const OUTBOUND_FILE_KINDS = ['image', 'audio', 'video', 'document'] as const;
