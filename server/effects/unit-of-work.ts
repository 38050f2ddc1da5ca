import type { Db } from '@/db/client';

/**
 * What a write means for the screens, recorded while its transaction runs and told to them
 * only after it commits (ARCHITECTURE: an event for a rolled-back write is a lie on every
 * screen). Effects name what changed, not how it looks: the flush reads the committed rows.
 */
export type Effect =
  /** With its conversation, so the flush reads the message and the conversation's summary at once. */
  | { kind: 'message.created'; messageId: string; conversationId: string }
  | { kind: 'message.updated'; messageId: string }
  /** Status, assignee, labels or deadlines of a conversation changed; the team view counts it. */
  | { kind: 'conversation.changed'; conversationId: string }
  /** Something the team view counts changed without a conversation of its own (an acknowledged notice). */
  | { kind: 'team.changed'; workspaceId: string }
  | { kind: 'note.created'; noteId: string }
  | { kind: 'notice.created'; noticeId: string; agentId: string; workspaceId: string; level: number }
  | { kind: 'notification.created'; notificationId: string; userId: string }
  | { kind: 'notifications.read'; userId: string; ids: string[] }
  | { kind: 'contact.activity'; contactId: string }
  /**
   * What these users may read changed (an assignment, a team, a role): their open sockets' rooms
   * are re-evaluated, on every process, before the other effects are told.
   */
  | { kind: 'access.changed'; userIds: string[] }
  /** A message was queued for its provider: this process's delivery worker is woken instead of waiting for its next poll. */
  | { kind: 'delivery.queued'; messageId: string }
  /** A channel delivers again (re-enabled, or its credentials replaced): the queue it held may go now. */
  | { kind: 'channel.resumed'; channelId: string }
  /** A session was signed out: its open sockets are closed. */
  | { kind: 'session.ended'; sessionId: string };

/** The effects of one edge's work (a request, a webhook, a job), in the order they happened. */
export class Effects {
  private recorded: Effect[] = [];

  add(...effects: Effect[]): void {
    this.recorded.push(...effects);
  }

  /** Takes what `other` recorded: a transaction's effects once it has committed. */
  adopt(other: Effects): void {
    this.recorded.push(...other.drain());
  }

  /** Everything recorded so far, each effect once (a conversation changed twice is told once). */
  drain(): Effect[] {
    const seen = new Set<string>();
    const unique = this.recorded.filter((e) => {
      const key = JSON.stringify(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    this.recorded = [];
    return unique;
  }
}

/**
 * Runs `work` in a transaction whose effects reach `fx` only if it commits: a rollback (or a
 * savepoint's) drops them with the writes they described.
 */
export async function transaction<T>(db: Db, fx: Effects, work: (tx: Db, fx: Effects) => Promise<T>): Promise<T> {
  const staged = new Effects();
  const result = await db.transaction((tx) => work(tx, staged));
  fx.adopt(staged);
  return result;
}
