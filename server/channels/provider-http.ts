import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Provider } from './credentials';

/*
 * Every request Cadence makes to a provider goes through here. The base URL is the provider's
 * public host unless the server's environment overrides it (PROVIDER_URL_<PROVIDER>, for tests
 * and fakes): never a workspace, which would let anyone with a channel make the server call an
 * internal address. The override replaces scheme and host only; the path is the provider's.
 */

const hosts: Record<Exclude<Provider, 'sandbox'>, string> = {
  whatsapp: 'https://graph.facebook.com',
  messenger: 'https://graph.facebook.com',
  instagram: 'https://graph.facebook.com',
  twilio: 'https://api.twilio.com',
  telegram: 'https://api.telegram.org',
  line: 'https://api.line.me',
  viber: 'https://chatapi.viber.com',
  wechat: 'https://api.weixin.qq.com',
};

export type HttpProvider = keyof typeof hosts;

export const ProviderUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((u) => new URL(u).pathname === '/' && !new URL(u).search, 'must be scheme, host and optional port only')
  .transform((u) => new URL(u).origin);

/** The environment variable that overrides a provider's host. */
export const providerUrlVariable = (provider: HttpProvider) => `PROVIDER_URL_${provider.toUpperCase()}`;

export function providerBase(provider: HttpProvider): string {
  const override = process.env[providerUrlVariable(provider)];
  if (!override) return hosts[provider];
  const parsed = ProviderUrl.safeParse(override);
  if (!parsed.success) throw new Error(`${providerUrlVariable(provider)}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export type ProviderAnswer = { status: number; headers: Headers; text: string; json: unknown };

export type ProviderCall =
  | { kind: 'answered'; answer: ProviderAnswer }
  /** The request provably never reached the provider (no connection): safe to send again. */
  | { kind: 'not_sent'; detail: string }
  /** The connection failed after the request may have been sent (timeout, reset): it may have arrived. */
  | { kind: 'ambiguous'; detail: string };

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return cause?.code;
}

/**
 * One request to a provider, with a timeout; says whether it may have arrived when it gets no
 * answer. A stream body (a file upload) is sent as it is read, never held whole in memory.
 */
export async function callProvider(
  provider: HttpProvider,
  path: string,
  init: { method?: 'GET' | 'POST' | 'DELETE'; headers?: Record<string, string>; body?: string | URLSearchParams | Readable; timeoutMs?: number },
): Promise<ProviderCall> {
  const url = `${providerBase(provider)}${path}`;
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body instanceof Readable ? (Readable.toWeb(init.body) as ReadableStream<Uint8Array>) : init.body,
      // Node's fetch sends a stream only when told it may go on while the answer comes.
      ...(init.body instanceof Readable ? { duplex: 'half' as const } : {}),
      redirect: 'error',
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { kind: 'answered', answer: { status: response.status, headers: response.headers, text, json } };
  } catch (error) {
    const code = causeCode(error);
    const detail = code ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return code && NEVER_CONNECTED.has(code) ? { kind: 'not_sent', detail } : { kind: 'ambiguous', detail };
  } finally {
    // A file left unread (the connection failed first) would keep its storage handle open.
    if (init.body instanceof Readable) init.body.destroy();
  }
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), when the provider gave one. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
