import type { channels, contacts, conversations } from '@/db/schema';
import type { DeadlineView } from '@/server/protocols/view';

/** A conversation as the inbox list and realtime events carry it (times as ISO strings). */
export type ConversationSummary = {
  id: string;
  workspaceId: string;
  status: (typeof conversations.$inferSelect)['status'];
  snoozedUntil: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  teamId: string | null;
  channel: { id: string; kind: (typeof channels.$inferSelect)['kind']; name: string };
  contact: Pick<typeof contacts.$inferSelect, 'id' | 'name' | 'phone' | 'email' | 'timeZone' | 'locale' | 'blocked' | 'consent'>;
  lastMessageAt: string;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  /** Since when the contact has been waiting for a person's reply. */
  waitingSince: string | null;
  lastMessagePreview: string | null;
  /** The most urgent open protocol deadline, if any. */
  nextDeadline: DeadlineView | null;
  labels: { id: string; name: string; color: string }[];
  attributedCampaign: string | null;
  /** For the user who asked: a message arrived after they last read it. Absent in broadcasts. */
  unread?: boolean;
};

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
