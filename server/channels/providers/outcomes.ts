import type { ChannelSecrets } from '@/db/schema/channels';
import type { CheckResult, DeliveryOutcome } from '../outbound';
import type { ProviderCall } from '../provider-http';

/* What every provider module says alike about a channel whose credentials are missing or a call that got no answer. */

/** The secrets a provider needs, or the names of those missing. */
export function requireSecrets<K extends keyof ChannelSecrets>(
  secrets: ChannelSecrets,
  keys: K[],
): { ok: true; secrets: Required<Pick<ChannelSecrets, K>> } | { ok: false; missing: string } {
  const missing = keys.filter((k) => !secrets[k]);
  if (missing.length > 0) return { ok: false, missing: missing.join(', ') };
  return { ok: true, secrets: secrets as Required<Pick<ChannelSecrets, K>> };
}

/** A channel saved without what its provider needs cannot send anything: it needs a manager. */
export const credentialsMissing = (missing: string): DeliveryOutcome => ({
  outcome: 'failed',
  code: 'CREDENTIALS_MISSING',
  detail: `The channel has no ${missing}.`,
  channel: 'needs_attention',
});

/** A check or registration that got no answer from the provider. */
export const noAnswer = (provider: string, call: Exclude<ProviderCall, { kind: 'answered' }>): CheckResult => ({
  ok: false,
  reason: `${provider} could not be reached (${call.detail}).`,
});
