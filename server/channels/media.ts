import type { Readable } from 'node:stream';
import type { ChannelSecrets } from '@/db/schema/channels';

/*
 * The media half of a provider (SPEC §14), as the download job sees it. A provider module
 * (server/channels/providers/<name>/media.ts) fetches one file an inbound message referenced
 * (InboundMedia.ref), only from the provider's own media hosts (providerBase, so PROVIDER_URL_*
 * points tests at a fake): a URL on any other host is refused, never fetched, so a payload cannot
 * make the server read internal addresses.
 */

export type FetchedMedia = {
  /** The bytes, streamed: a 100 MB document never sits in memory. */
  body: Readable;
  /** What the provider says it is; the stored MIME type is sniffed from the bytes instead. */
  mimeType?: string;
  size?: number;
  fileName?: string;
};

export type MediaFetchOutcome =
  | { outcome: 'fetched'; media: FetchedMedia }
  /** The provider no longer has it, or never will give it (expired, deleted, refused host): fails for good. */
  | { outcome: 'gone'; detail: string }
  /** A network fault or a 5xx/429: the job tries again later. */
  | { outcome: 'retry'; detail: string; retryAfterMs?: number };

export type InboundMediaProvider = {
  fetchMedia(ref: string, secrets: ChannelSecrets, signal: AbortSignal): Promise<MediaFetchOutcome>;
};
