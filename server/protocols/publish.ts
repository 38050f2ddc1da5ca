import type { Db } from '@/db/client';
import { conversationForBroadcast } from '@/server/conversations/service';
import { publish, type Outgoing } from '@/server/realtime/publish';
import { audienceRooms, rooms } from '@/server/realtime/rooms';
import type { Notice } from './escalation-service';

/** After a protocol change commits: the conversations' new deadlines, the team view, the notices. */
export async function publishProtocolChanges(
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
