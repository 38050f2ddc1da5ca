import type { ConversationSummary } from '@/server/conversations/view';
import type { MessageView } from '@/server/messages/view';
import type { NoteView } from '@/server/notes/view';
import type { NotificationView } from '@/server/notifications/view';
import type { Person } from '@/server/users/view';

/** What a composer is writing: a reply to the contact, or a note for the team. */
export type ComposeMode = 'reply' | 'note';

export type PresenceSnapshot = {
  /** Users of the workspace with at least one socket open. */
  online: string[];
  /** Who has each conversation open, for the conversations this user may read. */
  viewing: Record<string, Person[]>;
};

/** Every realtime event, typed once for the server and the browser. */
export interface ServerToClientEvents {
  'message.created': (payload: { message: MessageView; conversation: ConversationSummary }) => void;
  'message.updated': (payload: { message: MessageView }) => void;
  /** An internal note, for the people who may read the conversation. */
  'note.created': (payload: { note: NoteView }) => void;
  /** Deadlines, status or assignee of a conversation changed. */
  'conversation.updated': (payload: { conversation: ConversationSummary }) => void;
  /** Something happened to a contact (an order, a link click, a booking): its panel refetches. */
  'contact.activity': (payload: { contactId: string }) => void;
  /** Something the team view counts changed (a breach, a deadline, an excuse). */
  'team.changed': (payload: { workspaceId: string }) => void;
  /** An escalation notice for an agent (SPEC §5). */
  'notice.created': (payload: { noticeId: string; agentId: string; level: number }) => void;
  /** A notification for this user (assignment, mention, deadline soon, breach, escalation). */
  'notification.created': (payload: { notification: NotificationView }) => void;
  /** This user read notifications in another tab. */
  'notifications.read': (payload: { ids: string[] }) => void;
  /** A user came online or went offline (their first socket opened, their last closed). */
  'presence.online': (payload: { userId: string; online: boolean }) => void;
  /** Who has a conversation open now. */
  'presence.viewers': (payload: { conversationId: string; viewers: Person[] }) => void;
  /** Someone started or stopped writing in a conversation this socket has open. */
  typing: (payload: { conversationId: string; user: Person; mode: ComposeMode; typing: boolean }) => void;
}

export interface ClientToServerEvents {
  /** Asks to follow one conversation; the server checks the user may read it, as over tRPC. */
  'conversation.join': (conversationId: string, ack: (joined: boolean) => void) => void;
  'conversation.leave': (conversationId: string) => void;
  /** Who is online and who views what, once at connection; events keep it current after. */
  'presence.snapshot': (ack: (snapshot: PresenceSnapshot) => void) => void;
  /** Only in a conversation this socket joined. */
  typing: (payload: { conversationId: string; mode: ComposeMode; typing: boolean }) => void;
}

export type RealtimeEvent = keyof ServerToClientEvents;
export type RealtimePayload<E extends RealtimeEvent> = Parameters<ServerToClientEvents[E]>[0];
