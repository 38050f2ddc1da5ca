import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, contactEvents, contactIdentities, contacts, conversations, messages } from '@/db/schema';
import { visibleTo } from '@/server/access/conversations';
import type { SessionUser } from '@/server/auth/session';
import { getConversation } from '@/server/conversations/service';
import { attachmentViewsOf } from '@/server/files/attachments';
import { mediaPreview } from '@/server/files/preview';

/** One entry of the contact's recent activity (SPEC §9). */
export type ActivityItem = {
  id: string;
  type: 'message' | 'failed' | 'campaign' | 'flow' | 'link_click' | 'booking' | 'payment' | 'session' | 'order' | 'event';
  at: string;
  summary: string;
  conversationId: string | null;
};

const eventType = (type: string): ActivityItem['type'] => {
  if (type === 'campaign.sent') return 'campaign';
  if (type === 'flow.sent') return 'flow';
  if (type === 'link.clicked') return 'link_click';
  if (type === 'session.booked') return 'booking';
  if (type === 'session.paid') return 'payment';
  if (type.startsWith('session.')) return 'session';
  if (type.startsWith('order.')) return 'order';
  return 'event';
};

const OrderProperties = z.object({
  orderId: z.string().optional(),
  total: z.number().optional(),
  currency: z.string().optional(),
  items: z.array(z.object({ name: z.string(), quantity: z.number().default(1), price: z.number().optional() })).default([]),
});

/** Everything about the contact of a conversation, for the panel beside the thread. */
export async function contactPanel(db: Db, user: SessionUser, conversationId: string) {
  const summary = await getConversation(db, user, conversationId);
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, summary.contact.id));
  const identities = await db
    .select({ channelKind: channels.kind, channelName: channels.name, externalId: contactIdentities.externalId })
    .from(contactIdentities)
    .innerJoin(channels, eq(channels.id, contactIdentities.channelId))
    .where(eq(contactIdentities.contactId, contact!.id));
  const convs = await db
    .select({ id: conversations.id, status: conversations.status, lastMessageAt: conversations.lastMessageAt, preview: conversations.lastMessagePreview, channelKind: channels.kind })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    // A contact's other conversations may be in a team whose agents see only their own (SPEC §1):
    // the panel shows what the conversation list would, and only those conversations' messages.
    .where(and(eq(conversations.contactId, contact!.id), visibleTo(db, user)))
    .orderBy(desc(conversations.lastMessageAt));
  const ids = convs.map((c) => c.id);
  const recentMessages = await db
    .select({ id: messages.id, direction: messages.direction, authorKind: messages.authorKind, status: messages.status, body: messages.body, sentAt: messages.sentAt, conversationId: messages.conversationId, errorMessage: messages.errorMessage })
    .from(messages)
    .where(and(inArray(messages.conversationId, ids), ne(messages.status, 'cancelled')))
    .orderBy(desc(messages.sentAt))
    .limit(30);
  // A message of files alone is told by its files, as the inbox row tells it.
  const attached = await attachmentViewsOf(db, recentMessages.filter((m) => m.body === '').map((m) => m.id));
  const textOf = (m: (typeof recentMessages)[number]) => m.body || mediaPreview(attached.get(m.id) ?? []);
  const events = await db.select().from(contactEvents).where(eq(contactEvents.contactId, contact!.id)).orderBy(desc(contactEvents.occurredAt)).limit(50);

  const activity: ActivityItem[] = [
    ...recentMessages.map((m) => ({
      id: m.id,
      type: (m.status === 'failed' ? 'failed' : 'message') as ActivityItem['type'],
      at: m.sentAt.toISOString(),
      summary: m.status === 'failed' ? `${textOf(m).slice(0, 80)} — ${m.errorMessage ?? ''}` : `${m.direction === 'inbound' ? '←' : '→'} ${textOf(m).slice(0, 100)}`,
      conversationId: m.conversationId,
    })),
    ...events.map((e) => ({
      id: e.id,
      type: eventType(e.type),
      at: e.occurredAt.toISOString(),
      summary: [e.type, typeof e.properties.name === 'string' ? e.properties.name : '', typeof e.properties.url === 'string' ? e.properties.url : ''].filter(Boolean).join(' · '),
      conversationId: null,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  const orders = events
    .filter((e) => e.type === 'order.placed')
    .map((e) => {
      const p = OrderProperties.safeParse(e.properties);
      return { id: e.id, at: e.occurredAt.toISOString(), ...(p.success ? p.data : { items: [] }) };
    });

  return {
    contact: {
      id: contact!.id,
      name: contact!.name,
      phone: contact!.phone,
      email: contact!.email,
      timeZone: contact!.timeZone,
      locale: contact!.locale,
      consent: contact!.consent,
      blocked: contact!.blocked,
    },
    identities,
    labels: summary.labels,
    activity,
    orders,
    previousConversations: convs.filter((c) => c.id !== conversationId).map((c) => ({ ...c, lastMessageAt: c.lastMessageAt.toISOString() })),
  };
}
