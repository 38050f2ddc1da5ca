import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations, messages } from '@/db/schema';
import { supervisorsOf } from '@/server/access/teams';
import { conversationForBroadcast } from '@/server/conversations/service';
import { Effects, type Effect } from '@/server/effects/unit-of-work';
import { attachmentViewsOf } from '@/server/files/attachments';
import { toMessageView } from '@/server/messages/view';
import { noteViews } from '@/server/notes/service';
import { notificationViews } from '@/server/notifications/service';
import { getRealtimeServer, publish, type Outgoing } from '@/server/realtime/publish';
import { endSessions, refreshRoomsOf } from '@/server/realtime/membership';
import { audienceRooms, rooms } from '@/server/realtime/rooms';
import { wakeDelivery } from './delivery-wake';

type Broadcast = Awaited<ReturnType<typeof conversationForBroadcast>>;

/** The events that tell the screens about committed effects, read from the rows as they now are. */
export async function eventsFor(db: Db, effects: Effect[]): Promise<Outgoing[]> {
  const broadcasts = new Map<string, Promise<Broadcast | null>>();
  // A conversation deleted meanwhile has nobody left to tell.
  const broadcast = (id: string) => {
    if (!broadcasts.has(id)) broadcasts.set(id, conversationForBroadcast(db, id).catch(() => null));
    return broadcasts.get(id)!;
  };
  const ids = (kind: Effect['kind']) => effects.flatMap((e) => (e.kind === kind && 'messageId' in e ? [e.messageId] : []));
  const messageIds = [...ids('message.created'), ...ids('message.updated')];
  // Independent reads, sent together: a message reaches the screens one round trip after its commit, not four.
  for (const e of effects) if (e.kind === 'message.created') void broadcast(e.conversationId);
  const [messageList, attached, noteList, notificationList] = await Promise.all([
    messageIds.length ? db.select().from(messages).where(inArray(messages.id, messageIds)) : [],
    attachmentViewsOf(db, messageIds),
    noteViews(db, effects.flatMap((e) => (e.kind === 'note.created' ? [e.noteId] : []))),
    notificationViews(db, effects.flatMap((e) => (e.kind === 'notification.created' ? [e.notificationId] : []))),
  ]);
  const messageRows = new Map(messageList.map((m) => [m.id, m]));
  const notes = new Map(noteList.map((n) => [n.id, n]));
  const notifications = new Map(notificationList.map((n) => [n.id, n]));
  // A new message carries its conversation as it now is: no second event for the same change.
  const carried = new Set(effects.flatMap((e) => (e.kind === 'message.created' && messageRows.has(e.messageId) ? [e.conversationId] : [])));

  const out: Outgoing[] = [];
  const workspaces = new Set<string>();
  for (const e of effects) {
    if (e.kind === 'message.created' || e.kind === 'message.updated') {
      const row = messageRows.get(e.messageId);
      const b = row && (await broadcast(row.conversationId));
      if (!row || !b) continue;
      const message = toMessageView(row, attached.get(row.id));
      out.push(
        e.kind === 'message.created'
          ? { rooms: audienceRooms(b.audience), event: 'message.created', payload: { message, conversation: b.summary } }
          : { rooms: audienceRooms(b.audience), event: 'message.updated', payload: { message } },
      );
    } else if (e.kind === 'conversation.changed') {
      const b = await broadcast(e.conversationId);
      if (!b) continue;
      workspaces.add(b.audience.workspaceId);
      if (!carried.has(e.conversationId)) out.push({ rooms: audienceRooms(b.audience), event: 'conversation.updated', payload: { conversation: b.summary } });
    } else if (e.kind === 'team.changed') {
      workspaces.add(e.workspaceId);
    } else if (e.kind === 'note.created') {
      const note = notes.get(e.noteId);
      const b = note && (await broadcast(note.conversationId));
      if (note && b) out.push({ rooms: audienceRooms(b.audience), event: 'note.created', payload: { note } });
    } else if (e.kind === 'notice.created') {
      workspaces.add(e.workspaceId);
      // The agent, whoever leads them, and the managers: not the supervisors of other teams.
      const leaders = (await supervisorsOf(db, e.agentId)).map(rooms.user);
      out.push({ rooms: [rooms.user(e.agentId), rooms.managers(e.workspaceId), ...leaders], event: 'notice.created', payload: { noticeId: e.noticeId, agentId: e.agentId, level: e.level } });
    } else if (e.kind === 'notification.created') {
      const notification = notifications.get(e.notificationId);
      if (notification) out.push({ rooms: [rooms.user(e.userId)], event: 'notification.created', payload: { notification } });
    } else if (e.kind === 'notifications.read') {
      out.push({ rooms: [rooms.user(e.userId)], event: 'notifications.read', payload: { ids: e.ids } });
    } else if (e.kind === 'contact.activity') {
      // To whoever may read one of the contact's conversations: the rooms a socket is in from the
      // moment it connects, so a panel opened a moment ago does not miss it.
      const theirs = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, e.contactId));
      const audience = new Set<string>();
      for (const c of theirs) {
        const b = await broadcast(c.id);
        if (b) for (const room of audienceRooms(b.audience)) audience.add(room);
      }
      if (audience.size > 0) out.push({ rooms: [...audience], event: 'contact.activity', payload: { contactId: e.contactId } });
    }
  }
  for (const workspaceId of workspaces) out.push({ rooms: [rooms.leads(workspaceId)], event: 'team.changed', payload: { workspaceId } });
  return out;
}

/**
 * Tells the screens what `fx` recorded. Called by an edge once its work has committed; a
 * failure here is logged, never returned: the writes stand, and a client must not retry them.
 */
export async function flushEffects(db: Db, fx: Effects): Promise<void> {
  const effects = fx.drain();
  if (effects.some((e) => e.kind === 'delivery.queued' || e.kind === 'channel.resumed')) wakeDelivery();
  // With no socket server (a script, the seed) there is nobody to tell.
  if (effects.length === 0 || !getRealtimeServer()) return;
  // Sockets first, events after: who just lost a conversation must not hear of it any more. Each
  // step stands alone, so a room refresh that fails (Redis away) still lets the events go out.
  const step = async (what: string, run: () => unknown) => {
    try {
      await run();
    } catch (error) {
      console.error(`after a committed change, ${what} failed`, error);
    }
  };
  await step('closing ended sessions', () => endSessions(effects.flatMap((e) => (e.kind === 'session.ended' ? [e.sessionId] : []))));
  await step('refreshing socket rooms', () => refreshRoomsOf(db, effects.flatMap((e) => (e.kind === 'access.changed' ? e.userIds : []))));
  await step('telling the screens', async () => publish(await eventsFor(db, effects)));
}

/** The edges' wrapper: `work` records effects, which are told once it is done, failed or not (what committed is true). */
export async function withEffects<T>(db: Db, work: (fx: Effects) => Promise<T>): Promise<T> {
  const fx = new Effects();
  try {
    return await work(fx);
  } finally {
    await flushEffects(db, fx);
  }
}
