import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Signed short-lived URLs of a stored file (SPEC §14), for providers that fetch a file by URL
 * (Twilio's MediaUrl, Messenger and Instagram attachments, LINE, Viber): whoever holds the URL
 * may read that one file until it expires, with no session. The signature is an HMAC-SHA256 of
 * the attachment id and the expiry, with a key derived from APP_KEY. Pure: key and time passed in.
 */

/** Providers fetch a file within minutes of the send: an hour is ample and leaks little. */
export const FETCH_TTL_MS = 60 * 60_000;
/** A link sent as text (an SMS outside the US and Canada) is opened by a person, maybe days later. */
export const LINK_TTL_MS = 7 * 24 * 60 * 60_000;

/** `exp`: when it stops working, in seconds since the epoch; `sig`: base64url. */
export type FileSignature = { exp: number; sig: string };

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

const mac = (key: Buffer, attachmentId: string, exp: number) => createHmac('sha256', key).update(`file:${attachmentId}:${exp}`).digest();

export function signFile(key: Buffer, attachmentId: string, now: Date, ttlMs: number): FileSignature {
  const exp = Math.floor((now.getTime() + ttlMs) / 1000);
  return { exp, sig: mac(key, attachmentId, exp).toString('base64url') };
}

/** The path of the signed route for this signature: `/api/files/{id}/signed?exp=…&sig=…`. */
export const signedFilePath = (attachmentId: string, signature: FileSignature) =>
  `/api/files/${encodeURIComponent(attachmentId)}/signed?exp=${signature.exp}&sig=${signature.sig}`;

/** Whether `exp` and `sig` (as the query carried them) sign this attachment, and are still good at `now`. */
export function verifyFile(key: Buffer, attachmentId: string, query: { exp: string | null; sig: string | null }, now: Date): SignatureCheck {
  if (!query.exp || !query.sig || !/^\d{1,12}$/.test(query.exp) || !/^[A-Za-z0-9_-]{43}$/.test(query.sig)) return 'invalid';
  const exp = Number(query.exp);
  // Compared as text, not decoded: the last of 43 base64url characters carries two bits that no
  // byte holds, so four spellings would decode to the same MAC and an altered URL would still work.
  const given = Buffer.from(query.sig, 'ascii');
  const wanted = Buffer.from(mac(key, attachmentId, exp).toString('base64url'), 'ascii');
  // A forged expiry changes the MAC: expiry is judged only on a signature that is ours.
  if (!timingSafeEqual(given, wanted)) return 'invalid';
  return exp * 1000 <= now.getTime() ? 'expired' : 'valid';
}
