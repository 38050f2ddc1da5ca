import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Provider credentials are sealed with AES-256-GCM before they reach the database (issue 15):
 * a copy of the database, a backup or a replica alone does not give anyone a workspace's
 * WhatsApp token. The key is APP_KEY (32 bytes as 64 hex characters or base64); server.ts
 * generates one into DATA_DIR when it is unset, like AUTH_SECRET. APP_KEY_PREVIOUS (a
 * comma-separated list) keeps older keys readable during a rotation: values sealed with them
 * are opened, and re-sealed with APP_KEY at the next start (db/reseal.ts).
 */

const VERSION = 'v1';

type Key = { id: string; bytes: Buffer };

function parseKey(text: string, name: string): Key {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new Error(`${name}: must be 32 bytes, as 64 hex characters or base64 (got ${bytes.length} bytes)`);
  // A short fingerprint names the key a value was sealed with, so rotation knows which to use.
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

function keys(): { current: Key; all: Key[] } {
  const current = process.env.APP_KEY;
  if (!current) throw new Error('APP_KEY is not set: server.ts generates one into DATA_DIR; scripts and tests must set it');
  const previous = (process.env.APP_KEY_PREVIOUS ?? '')
    .split(',')
    .filter((k) => k.trim())
    .map((k) => parseKey(k, 'APP_KEY_PREVIOUS'));
  const key = parseKey(current, 'APP_KEY');
  return { current: key, all: [key, ...previous] };
}

/** A new random key in the form APP_KEY takes. */
export const newAppKey = () => randomBytes(32).toString('hex');

/** Checks APP_KEY and APP_KEY_PREVIOUS now, so a bad key stops start-up instead of the first channel read. */
export function checkAppKeys(): void {
  keys();
}

/**
 * A key of its own for one other use of APP_KEY (signing file URLs…), derived with HKDF: a
 * value made with it never opens a sealed secret, and the other way round. Always the current
 * key: what it signs lives minutes, not across a rotation.
 */
export function derivedKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', keys().current.bytes, Buffer.alloc(0), `cadence:${purpose}`, 32));
}

export function seal(plain: string): string {
  const { current } = keys();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current.bytes, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/** True when the value was sealed with the current APP_KEY (false: an older key, or not sealed yet). */
export function sealedWithCurrentKey(value: string): boolean {
  return value.startsWith(`${VERSION}:${keys().current.id}:`);
}

export function open(value: string): string {
  // Rows written before encryption existed hold their JSON as it was; they are re-sealed at start.
  if (!value.startsWith(`${VERSION}:`)) return value;
  const [, keyId, iv, tag, data] = value.split(':');
  const key = keys().all.find((k) => k.id === keyId);
  if (!key) throw new Error(`a channel secret is sealed with key ${keyId}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`);
  const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv!, 'base64'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data!, 'base64')), decipher.final()]).toString('utf8');
}
