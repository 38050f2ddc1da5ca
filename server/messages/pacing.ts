import type { Pacing } from '@/server/channels/outbound';

/*
 * Spacing a channel's requests to its provider's limits (SPEC §13): at most `perSecond` a
 * second, and `perRecipientMs` between two messages to one recipient (WhatsApp's pair rate,
 * Telegram's one a second per chat). Pure: the worker keeps one pacer per channel and asks it
 * when each message may go; a burst is spread out instead of refused.
 */

export type PacerState = { nextFreeAt: number; lastByRecipient: Map<string, number> };

export const newPacer = (): PacerState => ({ nextFreeAt: 0, lastByRecipient: new Map() });

/**
 * The earliest moment (whole ms since epoch) this message may be sent, at or after `now`, reserved
 * for it — unless it is more than `holdMs` away: then nothing is reserved (the caller puts the
 * message back until then, and asks again), so a message held back never holds back itself.
 */
export function reserveSlot(state: PacerState, pacing: Pacing, recipient: string, now: number, holdMs = Infinity): number {
  const interval = 1000 / pacing.perSecond;
  const last = state.lastByRecipient.get(recipient);
  const channelSlot = Math.ceil(Math.max(now, state.nextFreeAt));
  const slot = Math.max(channelSlot, last === undefined ? 0 : last + pacing.perRecipientMs);
  if (slot - now > holdMs) return slot;
  // A slot taken later than the channel's next free one leaves the gap for other recipients.
  if (slot === channelSlot) state.nextFreeAt = Math.max(now, state.nextFreeAt) + interval;
  if (pacing.perRecipientMs > 0) state.lastByRecipient.set(recipient, slot);
  // Forget recipients whose rule has long passed, so the map does not grow with every contact.
  if (state.lastByRecipient.size > 10_000) {
    for (const [key, at] of state.lastByRecipient) if (at + pacing.perRecipientMs < now) state.lastByRecipient.delete(key);
  }
  return slot;
}
