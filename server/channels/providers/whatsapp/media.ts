import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { callProvider, providerBase, providerUrlVariable, retryAfterMs } from '../../provider-http';
import { GRAPH_VERSION, graphError } from '../meta-graph';

/*
 * A WhatsApp contact's file (SPEC §14): `GET /{media-id}` with the channel's token answers a
 * short-lived URL, which is then downloaded with the same token. Meta serves those from its
 * lookaside host; any other host in the answer is refused unfetched (`gone`), so an answer can
 * never send the server to an internal address. With PROVIDER_URL_WHATSAPP set (tests, fakes)
 * only that host is Meta.
 */

const LOOKASIDE = 'https://lookaside.fbsbx.com';

const MediaAnswer = z.object({ url: z.url(), mime_type: z.string().optional(), file_size: z.number().int().nonnegative().optional() });

/** The origins a WhatsApp download may come from. */
export function whatsappMediaHosts(): string[] {
  const base = providerBase('whatsapp');
  return process.env[providerUrlVariable('whatsapp')] ? [base] : [base, LOOKASIDE];
}

/** A status that another try may fix: Meta's or a proxy's trouble, throttling, or a token since replaced. */
const transient = (status: number) => status >= 500 || status === 429 || status === 401 || status === 408;

async function fetchMedia(ref: string, secrets: { accessToken?: string }, signal: AbortSignal): Promise<MediaFetchOutcome> {
  if (!secrets.accessToken) return { outcome: 'retry', detail: 'the channel has no access token' };
  const auth = { authorization: `Bearer ${secrets.accessToken}` };
  const call = await callProvider('whatsapp', `/${GRAPH_VERSION}/${encodeURIComponent(ref)}`, { headers: auth });
  if (call.kind !== 'answered') return { outcome: 'retry', detail: call.detail };
  const { answer } = call;
  if (answer.status !== 200) {
    const detail = `media ${ref}: ${answer.status} ${graphError(answer)?.message ?? answer.text.slice(0, 200)}`;
    return transient(answer.status) ? { outcome: 'retry', detail, retryAfterMs: retryAfterMs(answer.headers, new Date()) } : { outcome: 'gone', detail };
  }
  const parsed = MediaAnswer.safeParse(answer.json);
  if (!parsed.success) return { outcome: 'gone', detail: `media ${ref}: an answer without a download URL` };
  const url = new URL(parsed.data.url);
  if (!whatsappMediaHosts().includes(url.origin)) return { outcome: 'gone', detail: `media ${ref}: refused to download from ${url.origin}, not a WhatsApp media host` };

  let response: Response;
  try {
    response = await fetch(url, { headers: auth, redirect: 'error', signal });
  } catch (error) {
    return { outcome: 'retry', detail: `media ${ref}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    const detail = `media ${ref}: the download answered ${response.status}`;
    return transient(response.status) ? { outcome: 'retry', detail, retryAfterMs: retryAfterMs(response.headers, new Date()) } : { outcome: 'gone', detail };
  }
  return {
    outcome: 'fetched',
    media: {
      body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      mimeType: parsed.data.mime_type,
      size: parsed.data.file_size,
    },
  };
}

export const whatsappMedia: InboundMediaProvider = { fetchMedia };
