import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { downloadMedia, mediaHosts, onHost } from '../../media-download';

/*
 * A file a Messenger or Instagram user sent (SPEC §14): the attachment's `payload.url`, a signed
 * URL on Meta's CDN that needs no token and expires after a while. Fetched, and redirects
 * followed, only on lookaside.fbsbx.com and *.fbcdn.net (PROVIDER_URL_MESSENGER / _INSTAGRAM:
 * that origin only).
 */

const metaMedia = (provider: 'messenger' | 'instagram', name: string): InboundMediaProvider => {
  const hosts = mediaHosts(provider, (url) => onHost(url.hostname, 'lookaside.fbsbx.com') || onHost(url.hostname, 'fbcdn.net'));
  return {
    fetchMedia: (ref: string, _secrets: unknown, signal: AbortSignal): Promise<MediaFetchOutcome> =>
      downloadMedia({ provider: name, url: ref, hosts, redirectHosts: hosts, signal }),
  };
};

export const messengerMedia = metaMedia('messenger', 'Messenger');
export const instagramMedia = metaMedia('instagram', 'Instagram');
