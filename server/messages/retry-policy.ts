/*
 * SPEC §13's retry rule for transient provider errors, as pure functions: exponential backoff
 * with full jitter (`sleep = random(0, min(cap, base·2^attempt))`, base 2 s, cap 10 min), at
 * most 8 attempts or 24 h from the moment the message was queued, and never sooner than the
 * provider's own Retry-After.
 */

export const MAX_ATTEMPTS = 8;
export const MAX_AGE_MS = 24 * 60 * 60_000;
const BASE_MS = 2_000;
const CAP_MS = 10 * 60_000;

/** How long to wait before attempt `attempts + 1`; `random` in [0, 1). */
export function backoffMs(attempts: number, random: number, retryAfterMs = 0): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** attempts);
  return Math.max(retryAfterMs, Math.floor(random * ceiling));
}

/** After `attempts` failed tries of a message queued at `queuedAt`: give up, or try again at `at`. */
export function nextAttempt(
  args: { attempts: number; queuedAt: Date; retryAfterMs?: number },
  now: Date,
  random: number,
): { giveUp: true } | { giveUp: false; at: Date } {
  if (args.attempts >= MAX_ATTEMPTS) return { giveUp: true };
  const at = new Date(now.getTime() + backoffMs(args.attempts, random, args.retryAfterMs));
  if (at.getTime() - args.queuedAt.getTime() > MAX_AGE_MS) return { giveUp: true };
  return { giveUp: false, at };
}

/** Why a person may not send a message again (issue 15's retry action). */
export type RetryRefusal = 'NOT_FAILED' | 'UNKNOWN_OUTCOME' | 'PERMANENT' | 'CHANNEL_NEEDS_ATTENTION' | 'CHANNEL_DISABLED';

export const retryRefusalMessages: Record<RetryRefusal, string> = {
  NOT_FAILED: 'message: only a failed message can be retried',
  UNKNOWN_OUTCOME: 'message: it may have reached the contact (its outcome is unknown): check before resending, and write it again if it did not',
  PERMANENT: 'message: the provider refused it for good; write a new message instead',
  CHANNEL_NEEDS_ATTENTION: 'channel: it needs attention; replace its credentials first',
  CHANNEL_DISABLED: 'channel: it is disabled; enable it first',
};

/**
 * A failed message may go again only when Cadence marked it retryable (a transient failure it
 * gave up on, or the channel's own fault such as an expired token) and its channel delivers
 * again; an `unknown` outcome is never resent, since it may already have arrived.
 */
export function retryRefusal(
  message: { status: string; retryable: boolean },
  channelState: 'connected' | 'needs_attention' | 'disabled',
): RetryRefusal | null {
  if (message.status === 'unknown') return 'UNKNOWN_OUTCOME';
  if (message.status !== 'failed') return 'NOT_FAILED';
  if (!message.retryable) return 'PERMANENT';
  if (channelState === 'needs_attention') return 'CHANNEL_NEEDS_ATTENTION';
  if (channelState === 'disabled') return 'CHANNEL_DISABLED';
  return null;
}
