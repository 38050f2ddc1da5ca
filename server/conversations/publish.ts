import type { Db } from '@/db/client';
import { conversationForBroadcast } from './service';
import { publish, type Outgoing } from '@/server/realtime/publish';
import { audienceRooms, rooms } from '@/server/realtime/rooms';
import type { Notice } from '@/server/protocols/escalation-service';

/**
 * After a change commits: the conversations as they now are (status, assignee, deadlines,
 * labels), a nudge to the team view, and any escalation notices.
 */
export async function publishConversationChanges(
  db: Db,
  conversationIds: string[],
  notices: Notice[],
  touchedWorkspaces: string[] = [],
): Promise<void> {
  const events: Outgoing[] = [];
  const workspaces = new Set<string>(touchedWorkspaces);
  for (const id of new Set(conversationIds)) {
    const { summary, audience } = await conversationForBroadcast(db, id);
    events.push({ rooms: audienceRooms(audience), event: 'conversation.updated', payload: { conversation: summary } });
    workspaces.add(summary.workspaceId);
  }
  for (const n of notices) {
    workspaces.add(n.workspaceId);
    events.push({ rooms: [rooms.user(n.agentId), rooms.leads(n.workspaceId)], event: 'notice.created', payload: { noticeId: n.id, agentId: n.agentId, level: n.level } });
  }
  for (const workspaceId of workspaces) events.push({ rooms: [rooms.leads(workspaceId)], event: 'team.changed', payload: { workspaceId } });
  publish(events);
}
