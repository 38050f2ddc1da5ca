import type { IncomingMessage } from 'node:http';

/*
 * The client address login throttling counts. Next.js keeps an `X-Forwarded-For` the request
 * already carries, and a client can write one itself; so server.ts sets it to the TCP peer
 * unless a proxy we run in front is trusted to append the address it saw (TRUST_PROXY).
 */
export function stampClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  if (trustProxy && req.headers['x-forwarded-for']) return;
  req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown';
}

/** The last hop of `X-Forwarded-For`: the one written by server.ts or by the trusted proxy. */
export function clientAddress(headers: Record<string, unknown> | undefined): string {
  const value = headers?.['x-forwarded-for'];
  const last = (Array.isArray(value) ? value.join(',') : String(value ?? '')).split(',').pop()?.trim();
  return last || 'unknown';
}
