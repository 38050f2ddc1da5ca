/*
 * Campaign and flow attribution (SPEC §10): a contact's reply is credited to the last campaign
 * or flow message they received, if it arrives within the workspace's attribution window, and
 * only the first reply after that send is.
 */

export const DEFAULT_ATTRIBUTION_WINDOW_HOURS = 24;

/** The contact events that are campaign or flow messages the contact received. */
export const SEND_TYPES = ['campaign.sent', 'flow.sent'] as const;
export const isSend = (type: string) => (SEND_TYPES as readonly string[]).includes(type);
/** Bookings and orders count for a campaign when they follow its attributed reply within this. */
export const FOLLOW_UP_DAYS = 7;

/** A campaign or flow message the contact received (a `campaign.sent` / `flow.sent` event). */
export type Send = { id: string; at: Date };
/** A message the contact wrote (provider time), and the send it is already credited to. */
export type Reply = { id: string; at: Date; sendId: string | null };

const byTime = <T extends { id: string; at: Date }>(a: T, b: T) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id);

/**
 * The new credits: replies not yet credited, each paired with the send it answers, when that
 * send has no reply credited yet. Existing credits stand, so the result never contradicts them.
 */
export function newAttributions(sends: Send[], replies: Reply[], windowHours: number): { replyId: string; sendId: string }[] {
  const windowMs = windowHours * 3_600_000;
  const orderedSends = [...sends].sort(byTime);
  const orderedReplies = [...replies].sort(byTime);
  const used = new Set(replies.flatMap((r) => (r.sendId ? [r.sendId] : [])));
  const credits: { replyId: string; sendId: string }[] = [];
  let previousReply: Reply | null = null;
  for (const reply of orderedReplies) {
    // The last send the contact had received when they wrote (a later campaign replaces an earlier one).
    const send = orderedSends.filter((s) => s.at.getTime() <= reply.at.getTime()).at(-1);
    // Only the first reply after that send: a reply between them already answered it.
    const first = !previousReply || !send || previousReply.at.getTime() < send.at.getTime();
    if (send && first && !reply.sendId && !used.has(send.id) && reply.at.getTime() - send.at.getTime() <= windowMs) {
      credits.push({ replyId: reply.id, sendId: send.id });
      used.add(send.id);
    }
    previousReply = reply;
  }
  return credits;
}
