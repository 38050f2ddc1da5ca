import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchAsProvider, multipartParts, type FakeFetched, type FakeFile, type FormPart } from './fake-server';
import { metaErrorTitles, validateMessengerSend, validateWhatsAppSend, whatsappErrorDetails, type FakeTemplate } from './meta-fake-rules';

/*
 * Meta's Graph API as a real local HTTP server, for tests, benchmarks and browser tests (point
 * PROVIDER_URL_WHATSAPP / _MESSENGER / _INSTAGRAM at `url`). It checks what Meta checks (the
 * token, the ids it covers, the body's shape, a template's name and parameter count) and answers
 * as Meta does, errors included. It can be told to fail the next requests with any code, a raw
 * HTTP status, a hang (for timeouts) or a dropped connection. No test framework inside: a plain
 * script can use it.
 */

export type FakeWhatsAppNumber = { phoneNumberId: string; wabaId: string; accessToken: string; displayPhoneNumber?: string; verifiedName?: string };
export type FakePage = { pageId: string; pageAccessToken: string; name?: string };
export type FakeInstagramAccount = { accountId: string; accessToken: string; username?: string };

/** A file a WhatsApp contact sent, as Meta keeps it: `url` replaces where Meta says to download it (a foreign host, for the refusal). */
export type FakeMedia = { bytes: Buffer; mimeType: string; url?: string };

/** A file a WhatsApp number uploaded (`POST /{phone-number-id}/media`), kept under the media id Meta gave it. */
export type FakeUpload = { phoneNumberId: string; type: string; fileName: string | null; contentType: string | null; bytes: Buffer; sha256: string };

/** A media message a number sent (image, audio, video, document, sticker), with the upload its id names. */
export type FakeMediaSend = { to: string; type: string; media: { id: string; caption?: string; filename?: string }; upload: FakeUpload };

/** A Messenger or Instagram attachment sent by URL, and what the URL gave when Meta fetched it. */
export type FakeAttachmentSend = { recipient: string; type: string; url: string; isReusable: boolean; fetched: FakeFetched };

export type MetaFakeOptions = {
  whatsapp?: FakeWhatsAppNumber[];
  messenger?: FakePage[];
  instagram?: FakeInstagramAccount[];
  /** Templates of each WhatsApp Business Account, in Meta's listing shape. */
  templates?: Record<string, FakeTemplate[]>;
  /** Profiles of Messenger PSIDs and Instagram IGSIDs (`first_name`, `last_name` / `name`, `username`). */
  profiles?: Record<string, Record<string, string>>;
  /** WhatsApp media by id: `GET /{media-id}` answers its download URL, which serves the bytes to the same token. */
  media?: Record<string, FakeMedia>;
  /** Most templates Meta returns in one page, whatever `limit` asks. */
  maxPageSize?: number;
  /** Every answer waits this long (a provider's own latency). */
  latencyMs?: number;
  /** A fixed port, for a server started before the fake (Playwright's); a free one by default. */
  port?: number;
  /** Sends (POST …/messages) that fail at random with `failure`, at this rate (a benchmark's flaky provider). */
  randomFailure?: { rate: number; failure: FakeFailure; random?: () => number };
};

export type FakeFailure =
  /** Meta's error JSON with this code (its own title unless `message`), at `status` (Meta's usual one by default). */
  | { code: number; subcode?: number; message?: string; status?: number; retryAfterSeconds?: number }
  /** An answer that is not Meta's JSON (a proxy's 502 page). */
  | { status: number; body: string }
  /** Never answers: the caller's timeout decides. */
  | { hang: true }
  /** Reads the request, then drops the connection without a word. */
  | { drop: true };

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body was JSON, else its text. */
  body: unknown;
  /** When it arrived (ms since the epoch), and whether the fake answered it with a failure. */
  at: number;
  failed: boolean;
};

export type MetaFake = {
  url: string;
  requests: RecordedRequest[];
  /** The next `times` requests (whose path contains `path`, when given; after letting `after` of them through) get `failure` instead of an answer. */
  failNext(failure: FakeFailure, opts?: { times?: number; path?: string; after?: number }): void;
  templates: Map<string, FakeTemplate[]>;
  profiles: Map<string, Record<string, string>>;
  media: Map<string, FakeMedia>;
  /** Files uploaded by the numbers, by media id. */
  uploads: Map<string, FakeUpload>;
  /** Media messages the numbers sent, in order. */
  mediaSends: FakeMediaSend[];
  /** Attachments pages and Instagram accounts sent by URL, in order, each fetched as Meta fetches it (before answering). */
  attachmentSends: FakeAttachmentSend[];
  /**
   * Holds a file a Messenger or Instagram user sent, on the "CDN" (`/cdn/…`, signed URLs needing
   * no token, as lookaside.fbsbx.com's): the `payload.url` its attachment names. `redirectTo`
   * answers a redirect there instead, as lookaside does to fbcdn.net.
   */
  addCdnFile(file: FakeFile, options?: { redirectTo?: string }): string;
  close(): Promise<void>;
};

type Answer = { status: number; json: unknown; headers?: Record<string, string> };

/** What Meta takes by upload, and up to how many bytes (SPEC §14). */
const UPLOAD_LIMITS: [RegExp, number][] = [
  [/^image\/(jpeg|png)$/, 5 * 1024 * 1024],
  [/^image\/webp$/, 500 * 1024],
  [/^audio\/(aac|mp4|mpeg|amr|ogg)$/, 16 * 1024 * 1024],
  [/^video\/(mp4|3gpp)$/, 16 * 1024 * 1024],
  [/^(application|text)\//, 100 * 1024 * 1024],
];

let traces = 0;
const metaError = (code: number, message: string, status = 400, subcode?: number): Answer => ({
  status,
  json: { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: `AfakeTrace${++traces}` } },
});

const usualStatus = (code: number) => (code === 190 ? 401 : [1, 2, 131000, 131016].includes(code) ? 500 : 400);

function failureAnswer(f: Extract<FakeFailure, { code: number }>, whatsapp: boolean): Answer {
  const title = f.message ?? metaErrorTitles[f.code] ?? 'An unknown error has occurred.';
  const answer = metaError(f.code, title.startsWith('(#') || f.code === 190 ? title : `(#${f.code}) ${title}`, f.status ?? usualStatus(f.code), f.subcode);
  const details = whatsappErrorDetails[f.code];
  if (whatsapp && details) (answer.json as { error: Record<string, unknown> }).error.error_data = { messaging_product: 'whatsapp', details };
  return f.retryAfterSeconds === undefined ? answer : { ...answer, headers: { 'retry-after': String(f.retryAfterSeconds) } };
}

const noObject = (id: string, verb: string) =>
  metaError(100, `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 400, 33);

export async function startMetaFake(options: MetaFakeOptions = {}): Promise<MetaFake> {
  const numbers = options.whatsapp ?? [];
  const pages = options.messenger ?? [];
  const igAccounts = options.instagram ?? [];
  const templates = new Map(Object.entries(options.templates ?? {}));
  const profiles = new Map(Object.entries(options.profiles ?? {}));
  const media = new Map(Object.entries(options.media ?? {}));
  // Meta's own download host is lookaside.fbsbx.com; the fake serves the files itself.
  const downloadPath = '/whatsapp_business/attachments/';
  const requests: RecordedRequest[] = [];
  const failures: { failure: FakeFailure; times: number; path?: string; after: number }[] = [];
  const cdnFiles = new Map<string, FakeFile & { redirectTo?: string }>();
  const uploads = new Map<string, FakeUpload>();
  const mediaSends: FakeMediaSend[] = [];
  const attachmentSends: FakeAttachmentSend[] = [];
  let ids = 0;

  const tokenOf = (req: IncomingMessage, query: URLSearchParams) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return bearer ?? query.get('access_token');
  };

  function route(method: string, parts: string[], query: URLSearchParams, token: string, body: unknown): Answer {
    const ownNumbers = numbers.filter((n) => n.accessToken === token);
    const page = pages.find((p) => p.pageAccessToken === token);
    const ig = igAccounts.find((a) => a.accessToken === token);
    if (ownNumbers.length === 0 && !page && !ig) return metaError(190, 'Invalid OAuth access token - Cannot parse access token', 401);
    const [first, second] = parts;
    if (!first) return metaError(100, 'Unsupported request: no object', 400);

    if (method === 'POST' && second === 'media' && first !== 'me') {
      const number = ownNumbers.find((n) => n.phoneNumberId === first);
      if (!number) return noObject(first, 'post');
      return uploadMedia(number.phoneNumberId, body);
    }
    if (method === 'POST' && second === 'messages' && first !== 'me') {
      const number = ownNumbers.find((n) => n.phoneNumberId === first);
      if (!number) return noObject(first, 'post');
      const refusal = validateWhatsAppSend(body, templates.get(number.wabaId) ?? [], (id) => uploads.get(id)?.phoneNumberId === number.phoneNumberId);
      if (refusal) return metaError(refusal.code, refusal.message, refusal.status);
      const to = (body as { to: string }).to;
      const type = (body as { type: string }).type;
      const media = (body as Record<string, { id?: string; caption?: string; filename?: string }>)[type];
      if (media?.id) mediaSends.push({ to, type, media: { ...media, id: media.id }, upload: uploads.get(media.id)! });
      const template = (body as { type: string }).type === 'template';
      return {
        status: 200,
        json: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.FAKE${++ids}`, ...(template ? { message_status: 'accepted' } : {}) }] },
      };
    }
    if (method === 'POST' && first === 'me' && second === 'messages') {
      if (!page && !ig) return noObject('me', 'post');
      const refusal = validateMessengerSend(body, ig ? 'instagram' : 'messenger');
      if (refusal) return metaError(refusal.code, refusal.message, 400, refusal.subcode);
      return { status: 200, json: { recipient_id: (body as { recipient: { id: string } }).recipient.id, message_id: `m_FAKE${++ids}` } };
    }
    if (method === 'GET' && second === 'message_templates') {
      if (!ownNumbers.some((n) => n.wabaId === first)) return noObject(first, 'get');
      const all = templates.get(first) ?? [];
      const size = Math.min(Number(query.get('limit') ?? 25) || 25, options.maxPageSize ?? 100);
      const from = query.get('after') ? Number(Buffer.from(query.get('after')!, 'base64').toString()) : 0;
      const data = all.slice(from, from + size);
      const after = Buffer.from(String(from + data.length)).toString('base64');
      const more = from + data.length < all.length;
      return {
        status: 200,
        json: {
          data,
          paging: {
            cursors: { before: Buffer.from(String(from)).toString('base64'), after },
            ...(more ? { next: `${fake.url}/v26.0/${first}/message_templates?limit=${size}&after=${after}` } : {}),
          },
        },
      };
    }
    const file = method === 'GET' && !second ? media.get(first) : undefined;
    if (file && ownNumbers.length > 0) {
      const url = file.url ?? `${fake.url}${downloadPath}?mid=${encodeURIComponent(first)}`;
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      return { status: 200, json: { messaging_product: 'whatsapp', url, mime_type: file.mimeType, sha256, file_size: file.bytes.length, id: first } };
    }
    if (method === 'GET' && !second) {
      const number = ownNumbers.find((n) => n.phoneNumberId === first);
      if (number) return { status: 200, json: { display_phone_number: number.displayPhoneNumber ?? '+1 555 010 0000', verified_name: number.verifiedName ?? 'Cadence test', id: first } };
      if (page?.pageId === first) return { status: 200, json: { name: page.name ?? 'Cadence page', id: first } };
      if (ig?.accountId === first) return { status: 200, json: { username: ig.username ?? 'cadence', id: first } };
      const profile = (page || ig) && profiles.get(first);
      if (profile) {
        const fields = (query.get('fields') ?? '').split(',').filter(Boolean);
        return { status: 200, json: { ...Object.fromEntries(fields.filter((f) => f in profile).map((f) => [f, profile[f]])), id: first } };
      }
      return noObject(first, 'get');
    }
    return metaError(100, `Unknown path components: /${parts.join('/')}`, 400, 2500);
  }

  /** `POST /{phone-number-id}/media`: Meta's checks of an upload (the product, the file, its type and size), then its id. */
  function uploadMedia(phoneNumberId: string, body: unknown): Answer {
    if (!Array.isArray(body)) return metaError(100, '(#100) The upload must be multipart/form-data', 400);
    const parts = body as FormPart[];
    const field = (name: string) => parts.find((p) => p.name === name && p.fileName === undefined)?.data.toString('utf8');
    if (field('messaging_product') !== 'whatsapp') return metaError(100, '(#100) The parameter messaging_product is required.', 400);
    const file = parts.find((p) => p.name === 'file' && p.fileName !== undefined);
    if (!file) return metaError(100, '(#100) The parameter file is required.', 400);
    const type = field('type') ?? '';
    const limit = UPLOAD_LIMITS.find(([pattern]) => pattern.test(type))?.[1];
    if (!limit) return metaError(131053, `(#131053) Media upload error: unsupported type ${type}`, 400);
    if (file.data.length > limit) return metaError(131053, `(#131053) Media upload error: the file is over ${limit} bytes`, 400);
    const id = String(900_000_000_000_000 + ++ids);
    uploads.set(id, { phoneNumberId, type, fileName: file.fileName ?? null, contentType: file.contentType ?? null, bytes: file.data, sha256: createHash('sha256').update(file.data).digest('hex') });
    return { status: 200, json: { id } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: an upload's parts, or kept as text and refused below like Meta refuses a body it cannot read.
      body = multipartParts({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: text, raw }) ?? text;
    }
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, at: Date.now(), failed: false };
    requests.push(recorded);

    const matches = (f: { path?: string }) => !f.path || url.pathname.includes(f.path);
    const index = failures.findIndex((f) => matches(f) && f.after === 0);
    // A failure told to wait lets that many of its requests through first.
    for (const f of failures) if (matches(f) && f.after > 0) f.after--;
    const flaky = options.randomFailure;
    const unlucky = flaky && method === 'POST' && url.pathname.endsWith('/messages') && (flaky.random ?? Math.random)() < flaky.rate;
    const failure = index >= 0 ? failures[index]!.failure : unlucky ? flaky.failure : null;
    if (index >= 0 && --failures[index]!.times <= 0) failures.splice(index, 1);
    recorded.failed = failure !== null;
    if (failure && 'hang' in failure) return;
    if (failure && 'drop' in failure) {
      req.socket.destroy();
      return;
    }
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));

    const parts = url.pathname.split('/').filter(Boolean);
    const whatsapp = numbers.some((n) => n.phoneNumberId === parts[1]);
    if (!failure && url.pathname === downloadPath) {
      // The download answers the bytes, or Meta's 404 once the file is gone; only to a token of the numbers.
      const token = tokenOf(req, new URLSearchParams());
      const file = media.get(url.searchParams.get('mid') ?? '');
      if (!token || !numbers.some((n) => n.accessToken === token)) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
      if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return void res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.bytes.length }).end(file.bytes);
    }
    let answer: Answer;
    if (failure && 'body' in failure) {
      res.writeHead(failure.status, { 'content-type': 'text/html' }).end(failure.body);
      return;
    } else if (!failure && method === 'GET' && parts[0] === 'cdn') {
      const file = cdnFiles.get(url.pathname);
      if (!file) res.writeHead(404, { 'content-type': 'text/plain' }).end('URL signature expired');
      else if (file.redirectTo) res.writeHead(302, { location: file.redirectTo }).end();
      else res.writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.bytes.length) }).end(file.bytes);
      return;
    } else if (failure) answer = failureAnswer(failure, whatsapp);
    else if (parts[0] !== 'v26.0') answer = metaError(2500, 'Unknown path components', 400);
    else if (typeof body === 'string') answer = metaError(100, '(#100) The request body is not valid JSON', 400);
    else {
      const token = tokenOf(req, url.searchParams);
      answer = token ? route(method, parts.slice(1), url.searchParams, token, body) : metaError(104, 'An access token is required to request this resource.', 400);
      const attachment = (body as { message?: { attachment?: { type: string; payload: { url: string; is_reusable?: boolean } } } } | null)?.message?.attachment;
      if (answer.status === 200 && parts[2] === 'messages' && attachment) {
        // The Send API downloads the file before it answers, and refuses one it cannot fetch.
        const fetched = await fetchAsProvider(attachment.payload.url);
        if (fetched.status !== 200) answer = metaError(100, '(#100) Failed to fetch the file from the url', 400, 2018008);
        else attachmentSends.push({ recipient: (body as { recipient: { id: string } }).recipient.id, type: attachment.type, url: attachment.payload.url, isReusable: attachment.payload.is_reusable === true, fetched });
      }
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.json));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error), code: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const fake: MetaFake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext(failure, opts = {}) {
      failures.push({ failure, times: opts.times ?? 1, path: opts.path, after: opts.after ?? 0 });
    },
    templates,
    profiles,
    media,
    uploads,
    mediaSends,
    attachmentSends,
    addCdnFile(file, opts = {}) {
      const path = `/cdn/${++ids}/${file.fileName ?? 'file'}`;
      cdnFiles.set(path, { ...file, ...opts });
      return `${fake.url}${path}?oh=00_signature&oe=6650A1B2`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests are cut, so a test's end never waits on them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
