import { z } from 'zod';
import { CHANNEL_KINDS, TEMPLATE_STAGES, WHATSAPP_APPROVALS, WHATSAPP_CATEGORIES } from '@/db/schema/values';

export const TemplateInput = z.object({
  name: z.string().trim().min(1, 'name the template').max(100, 'at most 100 characters'),
  stage: z.enum(TEMPLATE_STAGES),
  channelKinds: z.array(z.enum(CHANNEL_KINDS)).max(11).default([]),
  language: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code like "es"'),
  body: z.string().trim().min(1, 'write the text').max(2000, 'at most 2000 characters'),
  /** A personal template belongs to its author; shared ones are managed by managers. */
  personal: z.boolean().default(false),
  whatsappStatus: z.enum(WHATSAPP_APPROVALS).nullable().default(null),
  whatsappCategory: z.enum(WHATSAPP_CATEGORIES).nullable().default(null),
});

export const SaveTemplateInput = TemplateInput.extend({ templateId: z.uuid().optional() });
export const TemplateIdInput = z.object({ templateId: z.uuid() });

export type SaveTemplateInput = z.infer<typeof SaveTemplateInput>;
