import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FetchedMedia, MediaFetchOutcome } from './media';
import { providerBase, providerUrlVariable, retryAfterMs, type HttpProvider } from './provider-http';

/*
 * Downloading one file a provider holds (SPEC §14), for the provider modules' `fetchMedia`. A URL
 * is requested only when it is on the provider's own media hosts; a redirect is followed only to
 * them too, and without the credentials of the first request. The body is handed on as a stream.
 */

/** Whether a URL is one of a provider's media hosts. */
export type MediaHosts = (url: URL) => boolean;

/** `hostname` is `host` itself or one of its subdomains. */
export const onHost = (hostname: string, host: string) => hostname === host || hostname.endsWith(`.${host}`);

/**
 * A provider's media hosts: in production, `production` over https URLs (`http` too, for a
 * provider that serves some files over plain HTTP only) with no port or user; with
 * PROVIDER_URL_<PROVIDER> set (tests, fakes), that one origin and nothing else, so a test can
 * prove a foreign host is refused.
 */
export function mediaHosts(provider: HttpProvider, production: (url: URL) => boolean, options: { http?: boolean } = {}): MediaHosts {
  const schemes = options.http ? ['https:', 'http:'] : ['https:'];
  return (url) => {
    if (process.env[providerUrlVariable(provider)]) return url.origin === providerBase(provider);
    return schemes.includes(url.protocol) && url.port === '' && !url.username && !url.password && production(url);
  };
}

/**
 * The origin of one of a provider's other hosts (LINE's content API lives at api-data.line.me,
 * not api.line.me): the provider's one override moves every host of the provider.
 */
export const providerOrigin = (provider: HttpProvider, production: string) =>
  process.env[providerUrlVariable(provider)] ? providerBase(provider) : production;

export type MediaRequest = {
  /** Names the provider in every outcome's detail. */
  provider: string;
  url: string;
  /** Where the first request may go. */
  hosts: MediaHosts;
  /** Where a redirect may lead; none is followed without it. */
  redirectHosts?: MediaHosts;
  /** Sent to the first host only: credentials never follow a redirect to a CDN. */
  headers?: Record<string, string>;
  signal: AbortSignal;
};

const MAX_REDIRECTS = 3;
/** How long a provider may take to start answering; the body then takes as long as the caller's signal allows. */
const ANSWER_TIMEOUT_MS = 30_000;

type Opened = { ok: true; response: Response } | { ok: false; outcome: Exclude<MediaFetchOutcome, { outcome: 'fetched' }> };

const gone = (detail: string): Opened => ({ ok: false, outcome: { outcome: 'gone', detail } });
const retry = (detail: string, retryAfter?: number): Opened => ({
  ok: false,
  outcome: { outcome: 'retry', detail, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) },
});

/** What a provider's refusal means for the file: 404/410 and other refusals are for good; 429 and 5xx pass. */
export function refusalOutcome(provider: string, status: number, headers: Headers, now: Date): Exclude<MediaFetchOutcome, { outcome: 'fetched' }> {
  const detail = `${provider} answered ${status}`;
  if (status === 429) {
    const after = retryAfterMs(headers, now);
    return { outcome: 'retry', detail, ...(after === undefined ? {} : { retryAfterMs: after }) };
  }
  if (status >= 500) return { outcome: 'retry', detail };
  if (status === 404 || status === 410) return { outcome: 'gone', detail: `${provider} no longer has this file (${status})` };
  return { outcome: 'gone', detail };
}

/** One GET with a timeout on the answer (not on the body), aborted with the caller's signal. */
async function get(url: URL, headers: Record<string, string> | undefined, signal: AbortSignal): Promise<Response> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  if (signal.aborted) abort();
  signal.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error('no answer in time')), ANSWER_TIMEOUT_MS);
  try {
    return await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

const faultOf = (error: unknown) => {
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
};

/**
 * The provider's 2xx answer for `request.url`, or what its refusal means. Refuses, without a
 * request, a URL or a redirect off the provider's hosts.
 */
export async function openMedia(request: MediaRequest, now: () => Date = () => new Date()): Promise<Opened> {
  if (!URL.canParse(request.url)) return gone(`not a URL: ${request.url.slice(0, 200)}`);
  let url = new URL(request.url);
  if (!request.hosts(url)) return gone(`${url.host} is not one of ${request.provider}'s media hosts: not fetched`);
  let headers = request.headers;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await get(url, headers, request.signal);
    } catch (error) {
      return retry(`${request.provider} could not be reached (${faultOf(error)})`);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      const next = location && URL.canParse(location, url) ? new URL(location, url) : null;
      if (!next) return gone(`${request.provider} redirected (${response.status}) nowhere`);
      if (!request.redirectHosts?.(next)) return gone(`${request.provider} redirected to ${next.host}, not one of its media hosts: not fetched`);
      if (hop >= MAX_REDIRECTS) return gone(`${request.provider} redirected more than ${MAX_REDIRECTS} times`);
      url = next;
      headers = undefined;
      continue;
    }
    // LINE's 202: a video or audio file is still being prepared.
    if (response.status === 202) {
      await response.body?.cancel();
      return retry(`${request.provider} is still preparing the file (202)`);
    }
    if (response.ok) return { ok: true, response };
    await response.body?.cancel();
    return { ok: false, outcome: refusalOutcome(request.provider, response.status, response.headers, now()) };
  }
}

/** `filename*=UTF-8''…` (RFC 6266) or `filename="…"` of a Content-Disposition. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed escape: the plain form below, if any, still names the file.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || undefined;
}

/** The answer's body as a stream, with what its headers say of the file. */
export function fetchedMedia(response: Response): FetchedMedia {
  const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const length = Number(response.headers.get('content-length'));
  const fileName = fileNameOf(response.headers.get('content-disposition'));
  const body = response.body ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) : Readable.from([]);
  return {
    body,
    ...(type ? { mimeType: type } : {}),
    ...(Number.isSafeInteger(length) && length >= 0 && response.headers.has('content-length') ? { size: length } : {}),
    ...(fileName ? { fileName } : {}),
  };
}

/** Opens the file and hands over its stream, or says why not. */
export async function downloadMedia(request: MediaRequest, now?: () => Date): Promise<MediaFetchOutcome> {
  const opened = await openMedia(request, now);
  return opened.ok ? { outcome: 'fetched', media: fetchedMedia(opened.response) } : opened.outcome;
}
