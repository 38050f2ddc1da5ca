import { z } from 'zod';

/*
 * Idempotent sends (issue 14.2), as rules: a client names a send with a key; the same key
 * within 24 hours is the same send, answered with the first answer; the same key with another
 * send is a client's mistake, refused. Pure: time is passed in.
 */

/** How long a key is remembered (Stripe's figure): a retry comes within minutes, a day is ample. */
export const SEND_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * REST's `Idempotency-Key` header: a UUID, a ULID or the client's own `order-42:reply` all fit;
 * spaces and characters outside ASCII do not (a proxy may fold or re-encode them).
 */
export const IdempotencyKey = z
  .string()
  .min(1, 'empty; send a unique value per send, e.g. a UUID')
  .max(255, 'at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'only visible ASCII characters (letters, digits, punctuation), no spaces');

/** The composer's name for one draft: a UUID it makes, kept until the draft is sent. */
export const ClientMessageId = z.uuid();

const isExpired = (createdAt: Date, now: Date) => now.getTime() - createdAt.getTime() >= SEND_KEY_TTL_MS;

/** JSON with object keys sorted, so the same send always reads the same, however it was written. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type EarlierSend = { fingerprint: string; createdAt: Date };

/**
 * What a send with a key already used means: nothing (`fresh`: never used, or forgotten), the
 * same send again (`replay`: answer with the first answer), or another send (`reused`).
 */
export function retryOf(earlier: EarlierSend | undefined, fingerprint: string, now: Date): 'fresh' | 'replay' | 'reused' {
  if (!earlier || isExpired(earlier.createdAt, now)) return 'fresh';
  return earlier.fingerprint === fingerprint ? 'replay' : 'reused';
}
