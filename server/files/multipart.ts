import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError } from '@/server/errors';
import { formatBytes } from './outbound-limits';
import { stageDownload, type Staged } from './staging';

/** What an upload's form carries: the file, staged on disk, with its name and the caption beside it. */
export type UploadForm = { staged: Staged; fileName: string | null; caption: string | undefined };

/** The form's own fields and boundaries around a file of `cap` bytes: past this, the body cannot fit. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const CAPTION_MAX_BYTES = 4096;
/** A slow upload of 100 MB still fits; a stalled one is dropped. */
const UPLOAD_TIMEOUT_MS = 10 * 60 * 1000;

export const tooLarge = (cap: number) => new AppError('PAYLOAD_TOO_LARGE', `file: larger than this workspace's limit of ${formatBytes(cap)}`, { limit: cap });
const invalid = (message: string) => new AppError('INVALID_INPUT', message);

/**
 * Reads a `multipart/form-data` upload (field `file`, optional `caption`) as it streams in: the
 * file goes to staging (hashed, counted, never whole in memory) and past `cap` bytes the read
 * stops at once with a 413.
 */
export function readUploadForm(request: Request, cap: number): Promise<UploadForm> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type) || !request.body) return Promise.reject(invalid('body: send multipart/form-data with the file in a field named "file"'));
  if (Number(request.headers.get('content-length') ?? '0') > cap + FORM_OVERHEAD_BYTES) return Promise.reject(tooLarge(cap));
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': type }, defParamCharset: 'utf8', limits: { files: 1, fields: 4, parts: 6, fileSize: cap, fieldSize: CAPTION_MAX_BYTES } });
    } catch {
      return reject(invalid('body: the multipart/form-data boundary is missing'));
    }
    let staging: Promise<Staged> | null = null;
    let fileName: string | null = null;
    let caption: string | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(parser);
      source.destroy();
      void staging?.then((s) => s.discard(), () => undefined);
      reject(error instanceof AppError ? error : invalid('body: not valid multipart/form-data'));
    };
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || staging) {
        stream.resume();
        return;
      }
      fileName = info.filename ? info.filename : null;
      stream.on('limit', () => fail(tooLarge(cap)));
      staging = stageDownload(stream, cap, AbortSignal.timeout(UPLOAD_TIMEOUT_MS));
      staging.catch(fail);
    });
    parser.on('field', (name, value, info) => {
      if (name !== 'caption') return;
      if (info.valueTruncated) return fail(invalid(`caption: at most ${CAPTION_MAX_BYTES} bytes`));
      caption = value;
    });
    parser.on('error', fail);
    source.on('error', fail);
    parser.on('close', () => {
      if (settled) return;
      if (!staging) return fail(invalid('file: missing; send the file in a multipart field named "file"'));
      staging.then((staged) => {
        if (settled) return void staged.discard();
        settled = true;
        resolve({ staged, fileName, caption });
      }, fail);
    });
    source.pipe(parser);
  });
}
