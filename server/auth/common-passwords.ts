import { readFileSync } from 'node:fs';
import path from 'node:path';

let loaded: ReadonlySet<string> | undefined;

/** The common-password list shipped beside this file (see its header), read once. */
export function commonPasswords(): ReadonlySet<string> {
  loaded ??= new Set(
    readFileSync(path.join(process.cwd(), 'server', 'auth', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return loaded;
}
