import type { WHATSAPP_CATEGORIES } from '@/db/schema/values';

export type WhatsAppCategory = (typeof WHATSAPP_CATEGORIES)[number];

/**
 * SPEC §13, WhatsApp's pricing since July 2025 (per delivered message): marketing and
 * authentication templates are always charged, utility templates only outside the contact's
 * 24 h window. A template Meta has not categorised (one of our own library's) is taken as charged:
 * Meta decides its category when it is submitted, and "free" must never be a guess.
 */
export function whatsappTemplateCharged(category: WhatsAppCategory | null, windowOpen: boolean): boolean {
  return category === 'utility' ? !windowOpen : true;
}
