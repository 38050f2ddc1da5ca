import { z } from 'zod';
import { ApiDeadline, type DeadlineView } from '@/server/protocols/view';
import { ApiWindow } from '@/server/windows/view';
import type { WindowView } from '@/server/windows/service';
import { ConversationSummary } from './view';

/** A conversation in the REST v1 shape of SPEC §11: the inbox's summary, narrowed, with its window and deadlines. */
export const ApiConversation = ConversationSummary.pick({
  id: true,
  status: true,
  snoozedUntil: true,
  assigneeId: true,
  channel: true,
  contact: true,
  lastInboundAt: true,
  lastOutboundAt: true,
  waitingSince: true,
}).extend({
  channel: ConversationSummary.shape.channel.pick({ id: true, kind: true }),
  contact: ConversationSummary.shape.contact.pick({ id: true, name: true, phone: true, email: true, timeZone: true, consent: true }),
  window: ApiWindow,
  deadlines: z.array(ApiDeadline),
});
export type ApiConversation = z.infer<typeof ApiConversation>;

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
