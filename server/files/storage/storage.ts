import type { Readable } from 'node:stream';

/*
 * Where the bytes of files live (SPEC §14), behind one small interface: the local disk by default,
 * any S3-compatible store when S3_URL is set. Keys are content addresses (./keys.ts), so a key
 * already present holds the same bytes and is never written twice. Bytes always move as streams.
 */

/** Inclusive byte offsets, as HTTP's Range names them. */
export type ByteRange = { start: number; end: number };

export type StoredObject = { body: Readable; size: number };

export type FileStorage = {
  has(key: string): Promise<boolean>;
  /** Stores `size` bytes from `body` under `key`. */
  put(key: string, body: Readable, size: number, mimeType: string): Promise<void>;
  /** The bytes under `key` (all, or `range` of them); null when there is no such key. */
  get(key: string, range?: ByteRange): Promise<StoredObject | null>;
};
