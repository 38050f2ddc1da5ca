import type { DeadlineView } from '@/server/protocols/view';
import type { ApiConversation } from '@/server/rest/schemas';
import type { WindowView } from '@/server/windows/service';
import type { ConversationSummary } from './view';

/** A conversation in the REST v1 shape of SPEC §11. */
export function toApiConversation(c: ConversationSummary, window: WindowView, deadlines: DeadlineView[]): ApiConversation {
  return {
    id: c.id,
    status: c.status,
    snoozedUntil: c.snoozedUntil,
    assigneeId: c.assigneeId,
    channel: { id: c.channel.id, kind: c.channel.kind },
    contact: {
      id: c.contact.id,
      name: c.contact.name,
      phone: c.contact.phone,
      email: c.contact.email,
      timeZone: c.contact.timeZone,
      consent: c.contact.consent,
    },
    lastInboundAt: c.lastInboundAt,
    lastOutboundAt: c.lastOutboundAt,
    waitingSince: c.waitingSince,
    window: { state: window.state, closesAt: window.closesAt, allowed: window.allowed, reason: window.reason },
    deadlines: deadlines.map((d) => ({ protocol: d.protocol, stage: d.stage, dueAt: d.dueAt, status: d.status, metAt: d.metAt })),
  };
}
