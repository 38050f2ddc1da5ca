import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stageDownload, TooLarge } from './staging';

const chunks = (count: number, size: number) => Readable.from(Array.from({ length: count }, (_, i) => Buffer.alloc(size, i)));
const leftovers = async () => (await readdir(path.join(tmpdir(), 'cadence-staging')).catch(() => [])).filter((f) => f.startsWith(`${process.pid}-`));

describe('staging a download', () => {
  it('streams to a file, counting its SHA-256 and size and keeping the first bytes for sniffing', async () => {
    const staged = await stageDownload(chunks(3, 3000), 10_000, AbortSignal.timeout(5000));
    const written = await readFile(staged.path);
    expect(staged.size).toBe(9000);
    expect(staged.sha256).toBe(createHash('sha256').update(written).digest('hex'));
    expect(staged.head.length).toBe(4100);
    expect(staged.head.equals(written.subarray(0, 4100))).toBe(true);
    await staged.discard();
    expect(await leftovers()).toEqual([]);
  });

  it('stops at the cap even when nobody said how large the file was, and leaves nothing behind', async () => {
    await expect(stageDownload(chunks(10, 1000), 4500, AbortSignal.timeout(5000))).rejects.toBeInstanceOf(TooLarge);
    expect(await leftovers()).toEqual([]);
  });
});
