import { z } from 'zod';
import type { templates } from '@/db/schema';
import { CHANNEL_KINDS, TEMPLATE_STAGES, WHATSAPP_APPROVALS, WHATSAPP_CATEGORIES } from '@/db/schema/values';

/** A template in REST v1 (`GET /api/v1/templates`, issue 15): what an integrator needs to pick one to send. */
export const ApiTemplate = z.object({
  id: z.uuid(),
  name: z.string(),
  stage: z.enum(TEMPLATE_STAGES),
  channelKinds: z.array(z.enum(CHANNEL_KINDS)).describe('Empty: every kind'),
  language: z.string(),
  body: z.string().describe('With its placeholders, e.g. {{contact.first_name}}'),
  personal: z.boolean().describe('The token user’s own template rather than a shared one'),
  whatsappStatus: z.enum(WHATSAPP_APPROVALS).nullable().describe('WhatsApp approval; only approved ones are sent outside the 24 h window'),
  category: z.enum(WHATSAPP_CATEGORIES).nullable().describe('WhatsApp category: marketing and authentication are always charged, utility only outside the window'),
});
export type ApiTemplate = z.infer<typeof ApiTemplate>;

export function toApiTemplate(row: typeof templates.$inferSelect): ApiTemplate {
  return {
    id: row.id,
    name: row.name,
    stage: row.stage,
    channelKinds: row.channelKinds,
    language: row.language,
    body: row.body,
    personal: row.ownerId !== null,
    whatsappStatus: row.whatsappStatus,
    category: row.whatsappCategory,
  };
}
