/** SPEC-level rule of the realtime issue: a reply within this time of another person's asks first. */
export const COLLISION_WINDOW_MS = 30_000;

export type PersonReply = { authorId: string; authorName: string; sentAt: Date };

/**
 * The latest reply by someone other than `userId` sent within the collision window before `now`,
 * or null: the sender is about to answer a client a colleague has just answered.
 */
export function collidingReply(replies: PersonReply[], userId: string, now: Date): PersonReply | null {
  let latest: PersonReply | null = null;
  for (const r of replies) {
    const age = now.getTime() - r.sentAt.getTime();
    if (r.authorId === userId || age < 0 || age >= COLLISION_WINDOW_MS) continue;
    if (!latest || r.sentAt > latest.sentAt) latest = r;
  }
  return latest;
}
