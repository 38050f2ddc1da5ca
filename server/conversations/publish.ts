import type { Db } from '@/db/client';
import { publishNotifications } from '@/server/notifications/publish';
import { noBreaches, type AfterBreaches } from '@/server/protocols/escalation-service';
import { publish, type Outgoing } from '@/server/realtime/publish';
import { audienceRooms, rooms } from '@/server/realtime/rooms';
import { conversationForBroadcast } from './service';

/**
 * After a change commits: the conversations as they now are (status, assignee, deadlines,
 * labels), a nudge to the team view, escalation notices, and the notifications they caused.
 */
export async function publishConversationChanges(
  db: Db,
  conversationIds: string[],
  after: AfterBreaches = noBreaches,
  touchedWorkspaces: string[] = [],
): Promise<void> {
  const events: Outgoing[] = [];
  const workspaces = new Set<string>(touchedWorkspaces);
  for (const id of new Set(conversationIds)) {
    const { summary, audience } = await conversationForBroadcast(db, id);
    events.push({ rooms: audienceRooms(audience), event: 'conversation.updated', payload: { conversation: summary } });
    workspaces.add(summary.workspaceId);
  }
  for (const n of after.notices) {
    workspaces.add(n.workspaceId);
    events.push({ rooms: [rooms.user(n.agentId), rooms.leads(n.workspaceId)], event: 'notice.created', payload: { noticeId: n.id, agentId: n.agentId, level: n.level } });
  }
  for (const workspaceId of workspaces) events.push({ rooms: [rooms.leads(workspaceId)], event: 'team.changed', payload: { workspaceId } });
  publish(events);
  await publishNotifications(db, after.notifications);
}
