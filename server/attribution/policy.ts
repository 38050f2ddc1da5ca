/*
 * Campaign and flow attribution (SPEC §10): a contact's reply is credited to the last campaign
 * or flow message they received, if it arrives within the workspace's attribution window, and
 * only the first reply after that send is.
 */

export const DEFAULT_ATTRIBUTION_WINDOW_HOURS = 24;
/** Bookings and orders count for a campaign when they follow its attributed reply within this. */
export const FOLLOW_UP_DAYS = 7;

/** The contact events that are campaign or flow messages the contact received. */
export const SEND_TYPES = ['campaign.sent', 'flow.sent'] as const;
export const isSend = (type: string) => (SEND_TYPES as readonly string[]).includes(type);

/** The longest attribution window a workspace may set (30 days). */
export const MAX_ATTRIBUTION_WINDOW_HOURS = 720;

/**
 * A campaign or flow message the contact received (a `campaign.sent` / `flow.sent` event), with
 * the window in force when it was recorded: changing the setting does not rejudge past sends.
 */
export type Send = { id: string; at: Date; windowHours: number };
/** A message the contact wrote, at the provider's time. */
export type Reply = { id: string; at: Date };

const byTime = <T extends { id: string; at: Date }>(a: T, b: T) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id);

/**
 * The credits a contact's history calls for: reply id → send id. Each reply goes to the last send
 * at or before it, if it is the first reply since that send and within the window. Events may
 * arrive in any order, so this is the whole answer for the history given, not an increment.
 */
export function credits(sends: Send[], replies: Reply[]): Map<string, string> {
  const orderedSends = [...sends].sort(byTime);
  const out = new Map<string, string>();
  let previous: Reply | null = null;
  for (const reply of [...replies].sort(byTime)) {
    const send = orderedSends.filter((s) => s.at.getTime() <= reply.at.getTime()).at(-1);
    // A reply between the send and this one already answered it.
    const first = !previous || (send !== undefined && previous.at.getTime() < send.at.getTime());
    if (send && first && reply.at.getTime() - send.at.getTime() <= send.windowHours * 3_600_000) out.set(reply.id, send.id);
    previous = reply;
  }
  return out;
}

/**
 * Around a new reply or send at `at`, the credits that may change are those of replies within one
 * window of it; deciding them needs the sends and replies from two windows before to one after.
 * `windowHours` is the longest window among the sends that far around.
 */
export function neighbourhood(at: Date, windowHours: number) {
  const w = windowHours * 3_600_000;
  return {
    read: { from: new Date(at.getTime() - 2 * w), to: new Date(at.getTime() + w) },
    decide: { from: new Date(at.getTime() - w), to: new Date(at.getTime() + w) },
  };
}
