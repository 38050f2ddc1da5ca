import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/*
 * A download on its way to storage: streamed to a temporary file while its SHA-256 (the storage
 * key) and size are counted and its first bytes kept for sniffing, so neither a 100 MB document
 * nor 200 downloads at once sit in memory. Past `cap` bytes it stops reading at once.
 */

/** How many leading bytes sniffing needs (file-type reads at most 4100). */
const HEAD_BYTES = 4100;

export type Staged = { path: string; sha256: string; size: number; head: Buffer; discard(): Promise<void> };

export class TooLarge extends Error {
  constructor(readonly cap: number) {
    super(`over the size cap of ${cap} bytes`);
  }
}

export async function stageDownload(body: Readable, cap: number, signal: AbortSignal): Promise<Staged> {
  const dir = path.join(tmpdir(), 'cadence-staging');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > cap) return done(new TooLarge(cap));
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      done(null, chunk);
    },
  });
  const discard = () => rm(file, { force: true });
  try {
    await pipeline(body, count, createWriteStream(file), { signal });
  } catch (error) {
    await discard();
    throw error;
  }
  return { path: file, sha256: hash.digest('hex'), size, head: Buffer.concat(head), discard };
}
