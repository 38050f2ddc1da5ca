import type { ChannelSecrets } from '@/db/schema/channels';
import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { downloadMedia, mediaHosts, providerOrigin } from '../../media-download';
import { requireSecrets } from '../outcomes';
import { STICKER_REF } from './inbound';

/*
 * A file a LINE user sent (SPEC §14): the content API, on its own host (api-data.line.me), by the
 * message id and with the channel access token; LINE keeps it for a limited time, then 404. A
 * video or audio still being prepared answers 202 and is fetched again later. Stickers come from
 * LINE's public sticker CDN. PROVIDER_URL_LINE moves both hosts with the API's.
 */

const contentHosts = mediaHosts('line', (url) => url.hostname === 'api-data.line.me');
const stickerHosts = mediaHosts('line', (url) => url.hostname === 'stickershop.line-scdn.net');

async function fetchMedia(ref: string, secrets: ChannelSecrets, signal: AbortSignal): Promise<MediaFetchOutcome> {
  const sticker = STICKER_REF.exec(ref);
  if (sticker) {
    const url = `${providerOrigin('line', 'https://stickershop.line-scdn.net')}/stickershop/v1/sticker/${sticker[1]}/android/sticker.png`;
    return downloadMedia({ provider: 'LINE', url, hosts: stickerHosts, signal });
  }
  if (!/^\d+$/.test(ref)) return { outcome: 'gone', detail: `not a LINE message id: ${ref.slice(0, 100)}` };
  const need = requireSecrets(secrets, ['channelAccessToken']);
  if (!need.ok) return { outcome: 'gone', detail: `The channel has no ${need.missing}.` };
  return downloadMedia({
    provider: 'LINE',
    url: `${providerOrigin('line', 'https://api-data.line.me')}/v2/bot/message/${ref}/content`,
    hosts: contentHosts,
    headers: { authorization: `Bearer ${need.secrets.channelAccessToken}` },
    signal,
  });
}

export const lineMedia: InboundMediaProvider = { fetchMedia };
