import path from 'node:path';
import { config } from '@/server/env';
import { localStorage } from './local';
import { s3Storage } from './s3';
import type { FileStorage } from './storage';

let chosen: FileStorage | undefined;

/** This process's storage: S3 when S3_URL is set, else DATA_DIR/files. */
export function fileStorage(): FileStorage {
  if (!chosen) {
    const env = config();
    chosen = env.S3_URL ? s3Storage(env.S3_URL) : localStorage(path.resolve(env.DATA_DIR, 'files'));
  }
  return chosen;
}
