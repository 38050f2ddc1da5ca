import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What `next build` reads: a change to any of these makes the last build stale. */
export const BUILD_SOURCES = [
  'app',
  'components',
  'server',
  'i18n',
  'db',
  'public',
  'proxy.ts',
  'instrumentation-client.ts',
  'next.config.js',
  'postcss.config.mjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];

// Tests are not bundled: editing one must not cost a rebuild.
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** What the build reads of a file: all of it, but for package.json's scripts, which no build reads. */
function buildInput(relative: string, bytes: Buffer): Buffer | string {
  if (relative !== 'package.json') return bytes;
  const { scripts: _scripts, ...rest } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * A hash of the build's sources (relative paths and contents, in a fixed order). Contents rather
 * than mtimes: a checkout or a copy that touches every file without changing one builds nothing.
 */
export function sourceStamp(root: string, sources: readonly string[] = BUILD_SOURCES): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.posix.join(relative, name));
    } else if (!isTest(relative)) {
      hash.update(relative).update('\0').update(buildInput(relative, fs.readFileSync(full))).update('\0');
    }
  };
  for (const source of sources) visit(source);
  return hash.digest('hex');
}
