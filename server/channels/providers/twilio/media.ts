import type { ChannelSecrets } from '@/db/schema/channels';
import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { downloadMedia, mediaHosts, onHost } from '../../media-download';
import { requireSecrets } from '../outcomes';

/*
 * A file of an MMS (SPEC §14): `MediaUrl{N}` is on api.twilio.com, under the account, behind
 * HTTP Basic (the account SID and auth token) when the account protects its media. Twilio
 * answers with a redirect to its CDN, followed only there and without the credentials.
 */

const apiHosts = mediaHosts('twilio', (url) => url.hostname === 'api.twilio.com');
const cdnHosts = mediaHosts('twilio', (url) => onHost(url.hostname, 'twiliocdn.com'));

/** A media URL of this account's messages, and no other account's (our credentials go with it). */
const ofAccount = (ref: string, accountSid: string) =>
  URL.canParse(ref) && new URL(ref).pathname.startsWith(`/2010-04-01/Accounts/${accountSid}/Messages/`);

async function fetchMedia(ref: string, secrets: ChannelSecrets, signal: AbortSignal): Promise<MediaFetchOutcome> {
  const need = requireSecrets(secrets, ['accountSid', 'authToken']);
  if (!need.ok) return { outcome: 'gone', detail: `The channel has no ${need.missing}.` };
  const { accountSid, authToken } = need.secrets;
  if (URL.canParse(ref) && apiHosts(new URL(ref)) && !ofAccount(ref, accountSid)) {
    return { outcome: 'gone', detail: 'The media URL is not one of this account’s messages: not fetched' };
  }
  return downloadMedia({
    provider: 'Twilio',
    url: ref,
    hosts: apiHosts,
    redirectHosts: cdnHosts,
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
    signal,
  });
}

export const twilioMedia: InboundMediaProvider = { fetchMedia };
