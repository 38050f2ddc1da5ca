import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { downloadMedia, mediaHosts, onHost } from '../../media-download';

/*
 * A file a Viber user sent (SPEC §14): the message's `media` URL, signed by Viber and valid for
 * a limited time, needing no token. Fetched only from Viber's media hosts (dl-media.viber.com,
 * and *.cdn.viber.com for stickers).
 */

const hosts = mediaHosts('viber', (url) => onHost(url.hostname, 'dl-media.viber.com') || onHost(url.hostname, 'cdn.viber.com'));

const fetchMedia = (ref: string, _secrets: unknown, signal: AbortSignal): Promise<MediaFetchOutcome> =>
  downloadMedia({ provider: 'Viber', url: ref, hosts, redirectHosts: hosts, signal });

export const viberMedia: InboundMediaProvider = { fetchMedia };
