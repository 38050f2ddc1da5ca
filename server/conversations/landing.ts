import { isLead, type Role } from '@/server/access/roles';
import type { InboxTab } from './schemas';

/**
 * The tab the inbox opens on when the URL names none: an agent's own conversations, but a lead
 * with nothing assigned would face an empty "Mine", so they start on everything they oversee.
 */
export function landingTab(role: Role, assignedOpen: number): InboxTab {
  return isLead(role) && assignedOpen === 0 ? 'all' : 'mine';
}
