import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=` + hex(HMAC-SHA256(secret, rawBody)): Meta's `X-Hub-Signature-256`, also used by the sandbox. */
export function metaSignature(rawBody: Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Compares in constant time over the raw body bytes, before anything is parsed. */
export function verifyMetaSignature(rawBody: Uint8Array, header: string | null, secret: string | undefined): boolean {
  if (!header || !secret) return false;
  const expected = Buffer.from(metaSignature(rawBody, secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
