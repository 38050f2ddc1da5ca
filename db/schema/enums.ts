import { pgEnum } from 'drizzle-orm/pg-core';
import { CHANNEL_KINDS, TEMPLATE_STAGES, WHATSAPP_APPROVALS, WHATSAPP_CATEGORIES } from './values';

export const roleEnum = pgEnum('role', ['agent', 'supervisor', 'manager', 'admin']);
export const teamVisibilityEnum = pgEnum('team_visibility', ['shared', 'assigned']);
export const channelKindEnum = pgEnum('channel_kind', CHANNEL_KINDS);
export const consentEnum = pgEnum('consent', ['unknown', 'granted', 'revoked']);
export const conversationStatusEnum = pgEnum('conversation_status', ['open', 'snoozed', 'closed']);
export const directionEnum = pgEnum('message_direction', ['inbound', 'outbound']);
export const authorKindEnum = pgEnum('author_kind', [
  'contact',
  'agent',
  'auto_message',
  'follow_up',
  'campaign',
  'flow',
]);
export const messageKindEnum = pgEnum('message_kind', ['free_form', 'template', 'tagged']);
export const deliveryStatusEnum = pgEnum('delivery_status', [
  'received',
  'scheduled',
  'cancelled',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
]);
export const templateStageEnum = pgEnum('template_stage', TEMPLATE_STAGES);
export const whatsappApprovalEnum = pgEnum('whatsapp_approval', WHATSAPP_APPROVALS);
export const whatsappCategoryEnum = pgEnum('whatsapp_category', WHATSAPP_CATEGORIES);
