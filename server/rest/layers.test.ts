import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * ARCHITECTURE "Layers": a capability never imports the REST layer. Capabilities own their
 * schemas and views; server/rest only wraps them (auth, errors, OpenAPI).
 */
const serverDir = path.resolve(import.meta.dirname, '..');
const capabilityFiles = readdirSync(serverDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.tsx?$/.test(f) && f.includes(path.sep) && !f.startsWith(`rest${path.sep}`));

describe('layers', () => {
  it('finds the capabilities to check', () => {
    expect(capabilityFiles.some((f) => f.startsWith(`messages${path.sep}`))).toBe(true);
  });

  it('no capability imports server/rest', () => {
    const offenders = capabilityFiles.filter((f) => /from ['"](@\/server\/rest\/|\.\.\/rest\/)/.test(readFileSync(path.join(serverDir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
