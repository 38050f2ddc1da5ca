import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * An S3-compatible store as a real local HTTP server, for tests and benchmarks (point S3_URL at
 * `s3+http://KEY:SECRET@<host:port>/<bucket>`): path-style PutObject, GetObject (with Range) and
 * HeadObject, the SDK's signed requests checked for the access key, and its aws-chunked uploads
 * decoded. Objects are kept in memory. No test framework inside: a plain script can use it.
 */

export type S3Fake = {
  url: string;
  /** S3_URL for this fake. */
  s3Url: string;
  objects: Map<string, { bytes: Buffer; contentType: string }>;
  requests: { method: string; path: string; range?: string }[];
  close(): Promise<void>;
};

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** aws-chunked: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n`, a zero-size chunk, then optional trailers. */
function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('aws-chunked: a chunk header without its line end');
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked: a chunk size that is not hexadecimal');
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const chunked = /aws-chunked/.test(String(req.headers['content-encoding'] ?? '')) || String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  return chunked ? decodeAwsChunked(raw) : raw;
}

export async function startS3Fake(options: { bucket?: string; accessKeyId?: string; secretAccessKey?: string; port?: number } = {}): Promise<S3Fake> {
  const bucket = options.bucket ?? 'cadence-files';
  const accessKeyId = options.accessKeyId ?? 'FAKEKEY';
  const secretAccessKey = options.secretAccessKey ?? 'fake-secret';
  const objects: S3Fake['objects'] = new Map();
  const requests: S3Fake['requests'] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, ...(req.headers.range ? { range: req.headers.range } : {}) });
    const fail = (status: number, code: string, message: string) => {
      // A HEAD answer has no body: the SDK reads the status alone.
      if (method === 'HEAD') return void res.writeHead(status).end();
      res.writeHead(status, { 'content-type': 'application/xml' }).end(xmlError(code, message));
    };
    const credential = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
    if (credential !== accessKeyId) return void req.resume().on('end', () => fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'));
    const [, first, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (first !== bucket) return void req.resume().on('end', () => fail(404, 'NoSuchBucket', 'The specified bucket does not exist'));
    if (!key) return void req.resume().on('end', () => fail(400, 'InvalidRequest', 'this fake knows only objects'));

    if (method === 'PUT') {
      bodyOf(req)
        .then((bytes) => {
          // Node checks Content-Length itself; an aws-chunked upload names its decoded length apart.
          const declared = req.headers['x-amz-decoded-content-length'];
          if (declared !== undefined && Number(declared) !== bytes.length) {
            return fail(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
          }
          objects.set(key, { bytes, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
          res.writeHead(200, { etag: `"${bytes.length.toString(16)}"` }).end();
        })
        .catch((error: unknown) => fail(400, 'InvalidRequest', String(error)));
      return;
    }
    req.resume();
    const object = objects.get(key);
    if (!object) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
    if (method === 'HEAD') return void res.writeHead(200, { 'content-length': object.bytes.length, 'content-type': object.contentType }).end();
    if (method !== 'GET') return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : object.bytes.length - 1, object.bytes.length - 1);
      if (start > end) return fail(416, 'InvalidRange', 'The requested range is not satisfiable');
      return void res
        .writeHead(206, { 'content-type': object.contentType, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${object.bytes.length}` })
        .end(object.bytes.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.bytes.length }).end(object.bytes);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    s3Url: `s3+http://${accessKeyId}:${secretAccessKey}@${new URL(url).host}/${bucket}?region=us-east-1`,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
