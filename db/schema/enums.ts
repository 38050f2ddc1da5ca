import { pgEnum } from 'drizzle-orm/pg-core';
import {
  AUTHOR_KINDS,
  AVAILABILITIES,
  CHANNEL_KINDS,
  CONSENTS,
  CONVERSATION_STATUSES,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  ROLES,
  TEAM_VISIBILITIES,
  TEMPLATE_STAGES,
  WHATSAPP_APPROVALS,
  WHATSAPP_CATEGORIES,
} from './values';

export const roleEnum = pgEnum('role', ROLES);
export const teamVisibilityEnum = pgEnum('team_visibility', TEAM_VISIBILITIES);
export const availabilityEnum = pgEnum('availability', AVAILABILITIES);
export const channelKindEnum = pgEnum('channel_kind', CHANNEL_KINDS);
export const consentEnum = pgEnum('consent', CONSENTS);
export const conversationStatusEnum = pgEnum('conversation_status', CONVERSATION_STATUSES);
export const directionEnum = pgEnum('message_direction', MESSAGE_DIRECTIONS);
export const authorKindEnum = pgEnum('author_kind', AUTHOR_KINDS);
export const messageKindEnum = pgEnum('message_kind', MESSAGE_KINDS);
export const deliveryStatusEnum = pgEnum('delivery_status', MESSAGE_STATUSES);
export const templateStageEnum = pgEnum('template_stage', TEMPLATE_STAGES);
export const whatsappApprovalEnum = pgEnum('whatsapp_approval', WHATSAPP_APPROVALS);
export const whatsappCategoryEnum = pgEnum('whatsapp_category', WHATSAPP_CATEGORIES);
