import type { ConversationSummary } from '@/server/conversations/view';
import type { MessageView } from '@/server/messages/view';

/** Every realtime event, typed once for the server and the browser. */
export interface ServerToClientEvents {
  'message.created': (payload: { message: MessageView; conversation: ConversationSummary }) => void;
  'message.updated': (payload: { message: MessageView }) => void;
}

export interface ClientToServerEvents {
  /** Asks to follow one conversation; the server checks the user may read it, as over tRPC. */
  'conversation.join': (conversationId: string, ack: (joined: boolean) => void) => void;
  'conversation.leave': (conversationId: string) => void;
}

export type RealtimeEvent = keyof ServerToClientEvents;
export type RealtimePayload<E extends RealtimeEvent> = Parameters<ServerToClientEvents[E]>[0];
