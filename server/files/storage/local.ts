import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileStorage } from './storage';

/** The embedded set-up's storage: files under `root` (DATA_DIR/files), written to a temporary name and renamed into place. */
export function localStorage(root: string): FileStorage {
  const where = (key: string) => path.join(root, ...key.split('/'));
  const sizeOf = async (key: string) => {
    try {
      return (await stat(where(key))).size;
    } catch {
      return null;
    }
  };
  return {
    has: async (key) => (await sizeOf(key)) !== null,
    async put(key, body) {
      const target = where(key);
      await mkdir(path.dirname(target), { recursive: true });
      // A reader never sees half a file: the rename is atomic, and two writers of one key write the same bytes.
      const partial = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
      try {
        await pipeline(body, createWriteStream(partial));
        await rename(partial, target);
      } finally {
        await rm(partial, { force: true });
      }
    },
    async get(key, range) {
      const size = await sizeOf(key);
      if (size === null) return null;
      return { body: createReadStream(where(key), range ? { start: range.start, end: range.end } : {}), size };
    },
  };
}
