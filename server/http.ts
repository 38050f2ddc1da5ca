import { AppError, errorBody } from './errors';

/** Reads a request body up to `max` bytes; past that it stops reading and answers 413. */
export async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > max) throw new AppError('PAYLOAD_TOO_LARGE', `body: larger than ${max} bytes`);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AppError('PAYLOAD_TOO_LARGE', `body: larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** `{"error":{"code","message"}}` with the status of the code; anything unexpected is a logged 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const retryAfter = error.details?.retryAfter;
    const headers = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : undefined;
    return Response.json(errorBody(error.code, error.message, error.details), { status: error.httpStatus, headers });
  }
  console.error(error);
  return Response.json(errorBody('INTERNAL', 'Something went wrong on our side.'), { status: 500 });
}

/**
 * The URL the sender called, as it wrote it: behind a TLS proxy the request reaches us as plain
 * http on another host, so the proxy's `X-Forwarded-Proto` / `X-Forwarded-Host` win. Twilio signs it.
 */
export function publicUrl(request: Request): string {
  const url = new URL(request.url);
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  if (proto) url.protocol = `${proto}:`;
  if (host) url.host = host;
  return url.toString();
}
