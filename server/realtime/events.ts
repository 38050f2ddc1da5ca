import type { ConversationSummary } from '@/server/conversations/view';
import type { MessageView } from '@/server/messages/view';

/** Every realtime event, typed once for the server and the browser. */
export interface ServerToClientEvents {
  'message.created': (payload: { message: MessageView; conversation: ConversationSummary }) => void;
  'message.updated': (payload: { message: MessageView }) => void;
  /** Deadlines, status or assignee of a conversation changed. */
  'conversation.updated': (payload: { conversation: ConversationSummary }) => void;
  /** Something the team view counts changed (a breach, a deadline, an excuse). */
  'team.changed': (payload: { workspaceId: string }) => void;
  /** An escalation notice for an agent (SPEC §5). */
  'notice.created': (payload: { noticeId: string; agentId: string; level: number }) => void;
}

export interface ClientToServerEvents {
  /** Asks to follow one conversation; the server checks the user may read it, as over tRPC. */
  'conversation.join': (conversationId: string, ack: (joined: boolean) => void) => void;
  'conversation.leave': (conversationId: string) => void;
}

export type RealtimeEvent = keyof ServerToClientEvents;
export type RealtimePayload<E extends RealtimeEvent> = Parameters<ServerToClientEvents[E]>[0];
