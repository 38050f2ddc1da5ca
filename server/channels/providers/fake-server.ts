import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The outside world for tests, scripts and Playwright: a real HTTP server on a free local port
 * that a provider's fake (./<provider>/fake.ts) teaches to speak its provider's API. Point
 * PROVIDER_URL_<PROVIDER> at `url`. Besides answering like the provider, it can be told to
 * misbehave for the next requests the way networks and providers do: answer with an error,
 * never answer, or drop the connection (before or after doing what was asked).
 */

/** `raw`: the body's bytes, for an upload (`body` is them read as UTF-8). */
export type FakeRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: string; raw: Buffer };

/** `bytes`: a file's content, as a provider's media endpoint serves it (its type in `headers`). */
export type FakeAnswer = { status: number; json?: unknown; text?: string; bytes?: Uint8Array; headers?: Record<string, string> };

type Mishap = (
  /** Answer this (one of the provider's errors) without doing what was asked. */
  | { kind: 'answer'; answer: FakeAnswer }
  /** Never answer: the caller's timeout decides. */
  | { kind: 'hang' }
  /** Close the connection unanswered; `processed`: after doing what was asked (the request arrived, its answer got lost). */
  | { kind: 'drop'; processed: boolean }
) & { path?: string; after: number };

/** Which requests a mishap is for: the next ones, or the next ones to `path` only; `after`: once that many of them went through. */
export type MishapOptions = { path?: string; after?: number };

export type FakeProvider = {
  /** Scheme, host and port: the value for PROVIDER_URL_<PROVIDER>. */
  url: string;
  /** Every request that reached the fake, in order, including those it misbehaved on. */
  requests: FakeRequest[];
  failNext(count: number, answer: FakeAnswer, options?: MishapOptions): void;
  hangNext(count?: number, options?: MishapOptions): void;
  dropNext(count?: number, options?: MishapOptions & { processed?: boolean }): void;
  close(): Promise<void>;
};

/** Starts a server whose every request is answered by `handle` (the provider's behaviour), unless told otherwise. */
/** `port`: a fixed one, for a server started before the fake (Playwright's); a free one by default. */
/** `handle` may answer later: a provider that fetches a file by URL before it answers. */
export async function startFakeProvider(handle: (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>, port = 0): Promise<FakeProvider> {
  const requests: FakeRequest[] = [];
  // A fake that breaks answers like a provider's own fault, instead of leaving the caller to time out.
  const handled = async (request: FakeRequest): Promise<FakeAnswer> => {
    try {
      return await handle(request);
    } catch (error) {
      console.error('provider fake failed on', request.method, request.path, error);
      return { status: 500, text: 'fake provider error' };
    }
  };
  const mishaps: Mishap[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks);
      const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: raw.toString('utf8'), raw };
      requests.push(request);
      const matches = (m: Mishap) => m.path === undefined || m.path === request.path;
      const index = mishaps.findIndex((m) => matches(m) && m.after === 0);
      for (const m of mishaps) if (matches(m) && m.after > 0) m.after--;
      const mishap = index < 0 ? undefined : mishaps.splice(index, 1)[0];
      if (mishap?.kind === 'hang') return;
      if (mishap?.kind === 'drop') {
        if (!mishap.processed) return void req.socket.destroy();
        void handled(request).then(() => req.socket.destroy());
        return;
      }
      void (mishap?.kind === 'answer' ? Promise.resolve(mishap.answer) : handled(request)).then((answer) => {
        const body = answer.bytes ?? answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
        const type = answer.json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {};
        res.writeHead(answer.status, { ...type, ...answer.headers });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  const repeat = (count: number, mishap: Mishap) => {
    for (let i = 0; i < count; i++) mishaps.push(mishap);
  };
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    failNext: (count, answer, options = {}) => repeat(count, { kind: 'answer', answer, path: options.path, after: options.after ?? 0 }),
    hangNext: (count = 1, options = {}) => repeat(count, { kind: 'hang', path: options.path, after: options.after ?? 0 }),
    dropNext: (count = 1, options = {}) => repeat(count, { kind: 'drop', processed: options.processed ?? false, path: options.path, after: options.after ?? 0 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests would keep the server open for ever.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** What a provider got when it fetched a file we named by URL: proof the URL works with no session. */
export type FakeFetched = { url: string; status: number; contentType: string | null; size: number; sha256: string | null };

/**
 * Fetches a URL the way a provider's servers do (no cookie, no token), and keeps what came back:
 * the fake of a provider that fetches by URL calls it on every URL it is sent.
 */
export async function fetchAsProvider(url: string): Promise<FakeFetched> {
  try {
    const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(10_000) });
    const bytes = Buffer.from(await response.arrayBuffer());
    const ok = response.status === 200;
    return { url, status: response.status, contentType: response.headers.get('content-type'), size: bytes.length, sha256: ok ? createHash('sha256').update(bytes).digest('hex') : null };
  } catch {
    return { url, status: 0, contentType: null, size: 0, sha256: null };
  }
}

/** The credentials of HTTP Basic authentication, or null. */
export function basicCredentials(headers: IncomingHttpHeaders): { user: string; password: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The body as JSON when it was sent as JSON, or null (a provider refuses other bodies). */
export function jsonBody(request: FakeRequest): unknown {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return null;
  try {
    return JSON.parse(request.body);
  } catch {
    return null;
  }
}

export type FormPart = { name: string; fileName?: string; contentType?: string; data: Buffer };

/** The parts of a `multipart/form-data` body (an upload), or null when the body is not one. */
export function multipartParts(request: FakeRequest): FormPart[] | null {
  const boundary = /^multipart\/form-data;.*\bboundary="?([^";]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = request.raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (request.raw.subarray(start, start + 2).toString() === '--') return parts;
    const next = request.raw.indexOf(delimiter, start);
    if (next < 0) return null;
    // Each part: CRLF, headers, a blank line, the data, then CRLF before the next delimiter.
    const part = request.raw.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return null;
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(headers);
    if (!disposition) return null;
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    parts.push({ name: disposition[1]!, ...(disposition[2] !== undefined ? { fileName: disposition[2] } : {}), ...(type ? { contentType: type } : {}), data: part.subarray(split + 4) });
    at = next;
  }
  return null;
}

/** A file a fake holds for its provider's media endpoint. */
export type FakeFile = { bytes: Uint8Array; mimeType: string; fileName?: string };

/** The file as a provider serves one: its bytes, type and length, and its name when it has one. */
export const fileAnswer = (file: FakeFile): FakeAnswer => ({
  status: 200,
  bytes: file.bytes,
  headers: {
    'content-type': file.mimeType,
    'content-length': String(file.bytes.length),
    ...(file.fileName ? { 'content-disposition': `attachment; filename="${file.fileName}"` } : {}),
  },
});
