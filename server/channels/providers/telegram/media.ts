import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { downloadMedia, mediaHosts, onHost, refusalOutcome } from '../../media-download';
import { callProvider, providerBase } from '../../provider-http';
import { requireSecrets } from '../outcomes';

/*
 * A file a contact sent the bot (SPEC §14): `getFile` turns its `file_id` into a path, good for an
 * hour, under `/file/bot<token>/`. The Bot API hands out files up to 20 MB; a larger one is
 * refused for good ("file is too big").
 */

const Found = z.object({ ok: z.literal(true), result: z.object({ file_path: z.string().min(1).optional(), file_size: z.number().int().nonnegative().optional() }) });
const Failure = z.object({ ok: z.literal(false), error_code: z.number().int(), description: z.string(), parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional() });

const hosts = mediaHosts('telegram', (url) => onHost(url.hostname, 'api.telegram.org'));

/** A path Telegram gave, as one of its own: relative, and never climbing out of the bot's folder. */
const ownPath = (path: string) => !path.startsWith('/') && !path.split('/').includes('..') && !/[?#\\]/.test(path);

async function fetchMedia(ref: string, secrets: ChannelSecrets, signal: AbortSignal): Promise<MediaFetchOutcome> {
  const need = requireSecrets(secrets, ['botToken']);
  if (!need.ok) return { outcome: 'gone', detail: `The channel has no ${need.missing}.` };
  const token = need.secrets.botToken;
  const call = await callProvider('telegram', `/bot${token}/getFile?${new URLSearchParams({ file_id: ref })}`, {});
  // Asking where a file is changes nothing at Telegram: with no answer, it is asked again later.
  if (call.kind !== 'answered') return { outcome: 'retry', detail: `Telegram could not be reached (${call.detail})` };
  const found = Found.safeParse(call.answer.json);
  if (!found.success) {
    const failure = Failure.safeParse(call.answer.json);
    const after = failure.success ? failure.data.parameters?.retry_after : undefined;
    if (failure.success && failure.data.error_code === 429 && after !== undefined) return { outcome: 'retry', detail: `Telegram 429: ${failure.data.description}`, retryAfterMs: after * 1000 };
    const refusal = refusalOutcome('Telegram', call.answer.status, call.answer.headers, new Date());
    return failure.success ? { ...refusal, detail: `Telegram ${failure.data.error_code}: ${failure.data.description}` } : refusal;
  }
  const { file_path: path, file_size: size } = found.data.result;
  if (!path || !ownPath(path)) return { outcome: 'gone', detail: 'Telegram gave no path for this file' };
  const fetched = await downloadMedia({ provider: 'Telegram', url: `${providerBase('telegram')}/file/bot${token}/${path}`, hosts, signal });
  if (fetched.outcome !== 'fetched' || fetched.media.size !== undefined || size === undefined) return fetched;
  return { outcome: 'fetched', media: { ...fetched.media, size } };
}

export const telegramMedia: InboundMediaProvider = { fetchMedia };
