import { and, eq, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { inOneStatement } from '@/db/one-statement';
import { breaches, channels, contactIdentities, contacts, conversations, deadlines, messages, protocolRuns } from '@/db/schema';
import type { Lifecycle, LifecyclePatch } from '@/server/conversations/lifecycle';
import { nextDueOf, type RunPlan } from '@/server/protocols/run-plan';
import { insertJobs, type NewJob } from '@/server/scheduler/queue';
import type { InboundMessage } from './inbound';

type Channel = typeof channels.$inferSelect;

/** The rows one inbound message writes; what is not there (no new contact, no run) is not written. */
export type MessageWrites = {
  channel: Channel;
  message: InboundMessage & { id: string };
  newContact?: { id: string; name: string; phone: string | null; consent?: 'granted' | 'revoked'; jobs: NewJob[] };
  conversation:
    | { id: string; existing: true; patch: LifecyclePatch }
    | { id: string; existing: false; contactId: string; teamId: string | null; opening: Lifecycle; runs: RunPlan[] };
};

/** The conversation a contact's message opens, with what that message does to it already applied (SPEC §2). */
export const openingConversation = (at: Date, status: Lifecycle['status']): Lifecycle => ({
  status,
  snoozedUntil: null,
  assigneeId: null,
  lastMessageAt: at,
  lastMessagePreview: null,
  lastInboundAt: null,
  lastInboundArrivedAt: null,
  lastOutboundAt: null,
  waitingSince: null,
});

/**
 * Writes a message and everything it creates in one statement: for a new contact their contact,
 * identity, conversation, First contact's runs, deadlines, breaches and jobs; for a known one the
 * message and its conversation's update. Returns false when the message was already stored
 * (its provider id came in under another identity meanwhile): then the conversation is not touched.
 */
export async function writeMessage(tx: Db, w: MessageWrites): Promise<boolean> {
  const { channel, message: m } = w;
  const writes: [string, SQLWrapper][] = [];
  const c = w.conversation;
  if (w.newContact) {
    const n = w.newContact;
    writes.push(['new_contact', tx.insert(contacts).values({ id: n.id, workspaceId: channel.workspaceId, name: n.name, phone: n.phone, ...(n.consent ? { consent: n.consent } : {}) }).returning({ id: contacts.id })]);
    writes.push(['new_identity', tx.insert(contactIdentities).values({ contactId: n.id, channelId: channel.id, externalId: m.externalId })]);
  }
  if (!c.existing) {
    writes.push([
      'new_conversation',
      tx.insert(conversations).values({
        ...c.opening,
        id: c.id,
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        // Through the contact's CTE, so the contact is written first: the conversation's search trigger reads their name.
        contactId: w.newContact ? sql`(select id from new_contact)` : c.contactId,
        teamId: c.teamId,
        nextDueAt: nextDueOf(c.runs.flatMap((r) => r.deadlines)),
      }),
    ]);
  }
  writes.push([
    'stored_message',
    tx
      .insert(messages)
      .values({
        id: m.id,
        workspaceId: channel.workspaceId,
        conversationId: c.id,
        channelId: channel.id,
        direction: m.echo ? 'outbound' : 'inbound',
        // An echo was written on our side, perhaps in the provider's own app: a person, not the contact.
        authorKind: m.echo ? 'agent' : 'contact',
        body: m.body,
        status: m.echo ? 'sent' : 'received',
        providerMessageId: m.providerMessageId,
        sentAt: m.sentAt,
        sentAtFromArrival: m.sentAtFromArrival ?? false,
      })
      .onConflictDoNothing({ target: [messages.channelId, messages.providerMessageId] })
      .returning({ id: messages.id }),
  ]);
  if (c.existing && Object.keys(c.patch).length > 0) {
    writes.push(['lifecycle', tx.update(conversations).set(c.patch).where(and(eq(conversations.id, c.id), sql`exists (select 1 from stored_message)`))]);
  }
  const runs = c.existing ? [] : c.runs;
  if (runs.length > 0) {
    writes.push(['runs', tx.insert(protocolRuns).values(runs.map((r) => r.run))]);
    const rows = runs.flatMap((r) => r.deadlines);
    if (rows.length > 0) writes.push(['deadlines', tx.insert(deadlines).values(rows)]);
    const breached = runs.flatMap((r) => r.breaches);
    if (breached.length > 0) writes.push(['breaches', tx.insert(breaches).values(breached)]);
  }
  const jobs = [...(w.newContact?.jobs ?? []), ...runs.flatMap((r) => r.jobs)];
  if (jobs.length > 0) writes.push(['jobs', insertJobs(tx, jobs)]);
  const [row] = await inOneStatement<{ stored: number }>(tx, writes, sql`select count(*)::int as stored from stored_message`);
  return Number(row?.stored ?? 0) > 0;
}
