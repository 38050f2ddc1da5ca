import type { ChannelSecrets } from '@/db/schema/channels';
import type { CHANNEL_STATES } from '@/db/schema/values';
import { credentialFields, type Provider } from '../credentials';

/* The rules of managing a channel (issue 15), as pure functions. */

export type ChannelState = (typeof CHANNEL_STATES)[number];

/** Where a provider posts a channel's webhooks (SPEC §11); Cadence's own channels have none. */
export const webhookUrlOf = (publicUrl: string, channel: { provider: Provider | null; publicId: string }): string | null =>
  channel.provider ? `${publicUrl}/api/webhooks/${channel.provider}/${encodeURIComponent(channel.publicId)}` : null;

/** What a manager gave of a channel's secrets, without what Cadence generated (verify token, webhook secret). */
export function credentialsOf(provider: Provider, secrets: ChannelSecrets): Record<string, string> {
  return Object.fromEntries(
    credentialFields[provider].flatMap((field) => {
      const value = secrets[field as keyof ChannelSecrets];
      return value ? [[field, value]] : [];
    }),
  );
}

/** What Cadence generated of a channel's secrets: kept as they are when credentials are replaced. */
export function generatedOf(provider: Provider, secrets: ChannelSecrets): ChannelSecrets {
  const given = new Set(credentialFields[provider]);
  return Object.fromEntries(Object.entries(secrets).filter(([key]) => !given.has(key)));
}

/** A PATCH of a flat record: the keys given replace, `null` removes. */
export function applyPatch(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * A channel's state after a manager's change: the state asked for wins; replacing the credentials
 * of a channel that needed attention (its token expired) fixes it; anything else keeps it. Only
 * `needs_attention` keeps its reason.
 */
export function nextState(
  before: { state: ChannelState; stateReason: string | null },
  change: { state?: 'connected' | 'disabled'; credentialsReplaced: boolean },
): { state: ChannelState; stateReason: string | null } {
  const state = change.state ?? (change.credentialsReplaced && before.state === 'needs_attention' ? 'connected' : before.state);
  return { state, stateReason: state === 'needs_attention' ? before.stateReason : null };
}

/** The channel delivers again after being held: its queue may go now. */
export const resumes = (before: ChannelState, after: ChannelState) => before !== 'connected' && after === 'connected';
