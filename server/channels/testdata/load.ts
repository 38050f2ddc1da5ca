import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A provider fixture as raw text, without its first line (which names its source). */
export function fixtureText(name: string): string {
  const text = readFileSync(path.join(import.meta.dirname, name), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

export const fixtureJson = (name: string): unknown => JSON.parse(fixtureText(name));
