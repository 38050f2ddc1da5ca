/*
 * The values of the database's enums as plain lists: the pg enums are built from them, and
 * zod schemas (which also run in the browser) use them without importing the schema.
 */
export const CHANNEL_KINDS = ['whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'line', 'viber', 'wechat', 'webchat', 'email', 'sandbox'] as const;
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
