import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import type { WHATSAPP_APPROVALS, WHATSAPP_CATEGORIES } from '@/db/schema/values';
import { graphGet } from '../meta-graph';
import { MetaComponents } from './template-components';

/*
 * A WhatsApp Business Account's templates as Meta lists them (`GET /{waba-id}/message_templates`,
 * page after page), and what Meta's statuses and categories mean to Cadence.
 */

export const ListedTemplate = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(512),
  language: z.string().min(1).max(20),
  status: z.string(),
  category: z.string(),
  parameter_format: z.enum(['POSITIONAL', 'NAMED']).default('POSITIONAL'),
  components: MetaComponents.default([]),
});
export type ListedTemplate = z.infer<typeof ListedTemplate>;

const TemplatePage = z.object({
  data: z.array(ListedTemplate),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

const FIELDS = 'id,name,language,status,category,parameter_format,components';
const PAGE_SIZE = 100;
/** A stop for a cursor that never ends (a thousand pages is 100,000 templates; Meta allows 250 per account). */
const MAX_PAGES = 1_000;

export type TemplateListing = { ok: true; templates: ListedTemplate[] } | { ok: false; reason: string };

/**
 * Every template of the channel's account. `paging.next` only says another page exists: the
 * request is rebuilt here from the `after` cursor, so a URL in Meta's answer is never followed.
 */
export async function listMessageTemplates(secrets: ChannelSecrets): Promise<TemplateListing> {
  if (!secrets.wabaId || !secrets.accessToken) return { ok: false, reason: 'wabaId and accessToken are required' };
  const templates: ListedTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const cursor = after ? `&after=${encodeURIComponent(after)}` : '';
    const read = await graphGet('whatsapp', `${secrets.wabaId}/message_templates?fields=${FIELDS}&limit=${PAGE_SIZE}${cursor}`, secrets.accessToken);
    if (!read.ok) return { ok: false, reason: read.reason };
    const parsed = TemplatePage.safeParse(read.json);
    if (!parsed.success) return { ok: false, reason: `Meta's template list could not be read: ${parsed.error.issues[0]?.message}` };
    templates.push(...parsed.data.data);
    const next = parsed.data.paging?.cursors?.after;
    if (!parsed.data.paging?.next || !next || next === after) return { ok: true, templates };
    after = next;
  }
  return { ok: false, reason: `more than ${MAX_PAGES} pages of templates` };
}

type Approval = (typeof WHATSAPP_APPROVALS)[number];

/**
 * Meta's status of a template (in the listing, or a status webhook's event) as Cadence keeps it:
 * `archived` for one Meta deleted; null for an event that changes nothing about sending
 * (flagged for quality, locked or unlocked for editing).
 */
export function approvalOf(status: string): Approval | 'archived' | null {
  switch (status) {
    case 'APPROVED':
    case 'REINSTATED':
      return 'approved';
    case 'PENDING':
    case 'IN_APPEAL':
      return 'pending';
    case 'REJECTED':
      return 'rejected';
    case 'PAUSED':
      return 'paused';
    case 'DISABLED':
    case 'LIMIT_EXCEEDED':
      return 'disabled';
    case 'PENDING_DELETION':
    case 'DELETED':
    case 'ARCHIVED':
      return 'archived';
    case 'FLAGGED':
    case 'LOCKED':
    case 'UNLOCKED':
      return null;
    default:
      // A status Meta adds later: not sendable until we know what it means.
      return 'pending';
  }
}

export const categoryOf = (category: string): (typeof WHATSAPP_CATEGORIES)[number] | null => {
  const lower = category.toLowerCase();
  return lower === 'marketing' || lower === 'utility' || lower === 'authentication' ? lower : null;
};

/** `es_MX` → `es`: the language suggestions match against the contact's. */
export const primaryLanguage = (code: string) => code.split(/[_-]/)[0]!.toLowerCase();
