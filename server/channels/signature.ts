import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison: a signature check must not tell how much of a guess was right. */
const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `sha256=` + hex(HMAC-SHA256(secret, rawBody)): Meta's `X-Hub-Signature-256`, also used by the sandbox. */
export function metaSignature(rawBody: Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Compares in constant time over the raw body bytes, before anything is parsed. */
export function verifyMetaSignature(rawBody: Uint8Array, header: string | null, secret: string | undefined): boolean {
  if (!header || !secret) return false;
  return sameText(header.trim(), metaSignature(rawBody, secret));
}

/**
 * Twilio's `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, the URL Twilio called + every POST
 * parameter's name and value, sorted by name)). It signs the URL too, so it must be the public one.
 */
export function twilioSignature(url: string, params: URLSearchParams, authToken: string): string {
  const names = [...new Set(params.keys())].sort();
  const data = url + names.map((name) => params.getAll(name).map((value) => name + value).join('')).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(url: string, params: URLSearchParams, header: string | null, authToken: string | undefined): boolean {
  if (!header || !authToken) return false;
  return sameText(header.trim(), twilioSignature(url, params, authToken));
}

/** Telegram echoes the `secret_token` given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`. */
export function verifyTelegramSecret(header: string | null, secret: string | undefined): boolean {
  return Boolean(header && secret) && sameText(header!, secret!);
}

/** LINE's `x-line-signature`: base64(HMAC-SHA256(channel secret, raw body)). */
export function lineSignature(rawBody: Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export function verifyLineSignature(rawBody: Uint8Array, header: string | null, secret: string | undefined): boolean {
  if (!header || !secret) return false;
  return sameText(header.trim(), lineSignature(rawBody, secret));
}

/** Viber's `X-Viber-Content-Signature`: hex(HMAC-SHA256(bot auth token, raw body)). */
export function viberSignature(rawBody: Uint8Array, token: string): string {
  return createHmac('sha256', token).update(rawBody).digest('hex');
}

export function verifyViberSignature(rawBody: Uint8Array, header: string | null, token: string | undefined): boolean {
  if (!header || !token) return false;
  return sameText(header.trim().toLowerCase(), viberSignature(rawBody, token));
}

/** WeChat's `signature` query parameter: hex(SHA-1 of the token, timestamp and nonce, sorted and joined). */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function verifyWechatSignature(params: URLSearchParams, token: string | undefined): boolean {
  const [signature, timestamp, nonce] = ['signature', 'timestamp', 'nonce'].map((k) => params.get(k));
  if (!token || !signature || !timestamp || !nonce) return false;
  return sameText(signature.toLowerCase(), wechatSignature(token, timestamp, nonce));
}
