import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, messages, notifications, outbox, type contacts } from '@/db/schema';
import type { ChannelSecrets } from '@/db/schema/channels';
import { addMessage, createContact, createConversation } from '@/db/seed/factories';
import type { TestWorkspace } from '@/db/seed/test-workspace';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { sendMessage } from '@/server/messages/send';

/*
 * What the provider delivery tests share: a clock they move past a retry's backoff, a contact
 * who wrote a minute ago (so every channel's window is open), an agent's reply through the one
 * send pipeline, and the rows the worker settled.
 */

export type MovableClock = Clock & { advance(ms: number): void };

/** Starts at the real time: the outbox's due times are the database's now. */
export function movableClock(start = new Date()): MovableClock {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

/** A contact known on `channel` as `externalId`, whose message a minute ago opened the conversation. */
export async function contactWhoWrote(
  db: Db,
  ws: TestWorkspace,
  channel: typeof channels.$inferSelect,
  externalId: string,
  clock: Clock,
  values: Partial<typeof contacts.$inferInsert> = {},
) {
  const contact = await createContact(db, { workspaceId: ws.workspace.id, name: externalId, consent: 'granted', ...values, identity: { channelId: channel.id, externalId } });
  const conversation = await createConversation(db, { workspaceId: ws.workspace.id, channelId: channel.id, contactId: contact.id, assigneeId: ws.agent.id });
  await addMessage(db, conversation, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date(clock.now().getTime() - 60_000), providerMessageId: `in-${externalId}` });
  return { contact, conversation };
}

/** The agent's reply, queued with its outbox row as the composer would queue it. */
export const replyTo = (db: Db, ws: TestWorkspace, conversationId: string, body: string, clock: Clock) =>
  sendMessage(db, ws.agent, { conversationId, message: { kind: 'free_form', body } }, clock, new Effects());

export const messageRow = async (db: Db, id: string) => (await db.select().from(messages).where(eq(messages.id, id)))[0]!;

export const channelRow = async (db: Db, id: string) => (await db.select().from(channels).where(eq(channels.id, id)))[0]!;

export const outboxRow = async (db: Db, messageId: string) => (await db.select().from(outbox).where(eq(outbox.messageId, messageId)))[0];

/** The channel_attention notifications its managers got. */
export const attentionNotices = async (db: Db, channelId: string) =>
  (await db.select().from(notifications).where(eq(notifications.kind, 'channel_attention'))).filter((n) => n.data.channelId === channelId);

/** Back to connected with working credentials, as a manager does after replacing the token. */
export const reconnect = (db: Db, channelId: string, secrets: ChannelSecrets) =>
  db.update(channels).set({ state: 'connected', stateReason: null, secrets }).where(eq(channels.id, channelId));

/** An address nothing listens at (a port just freed): a request to it provably never leaves. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
