import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/*
 * A multipart/form-data upload (Telegram's send methods, WhatsApp's and WeChat's media upload),
 * streamed: the fields, then the file as it is read from storage, never held whole in memory.
 */

export type UploadFile = { field: string; fileName: string; mimeType: string; body: AsyncIterable<Uint8Array> };

/** A quoted-string of a multipart header: quotes and line breaks would end it early. */
const quoted = (text: string) => text.replace(/["\r\n\\]/g, '_');

async function* parts(boundary: string, fields: Record<string, string>, file: UploadFile): AsyncGenerator<Buffer> {
  for (const [name, value] of Object.entries(fields)) {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  }
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${quoted(file.fileName)}"\r\nContent-Type: ${quoted(file.mimeType)}\r\n\r\n`);
  for await (const chunk of file.body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

/** The body and its content type, for callProvider. */
export function multipartUpload(fields: Record<string, string>, file: UploadFile): { body: Readable; contentType: string } {
  const boundary = `cadence-${randomBytes(16).toString('hex')}`;
  return { body: Readable.from(parts(boundary, fields, file)), contentType: `multipart/form-data; boundary=${boundary}` };
}
