import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceStamp } from './source-stamp';

let root: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cadence-stamp-'));
  write('app/page.tsx', 'export default 1;');
  write('server/rule.ts', 'export const a = 1;');
  write('server/rule.test.ts', 'it("a")');
  write('package-lock.json', '{}');
  write('package.json', JSON.stringify({ name: 'x', scripts: { start: 'a' }, dependencies: { next: '16' } }));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('sourceStamp', () => {
  it('is the same for the same sources, even when their times change', () => {
    const before = sourceStamp(root);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'app/page.tsx'), later, later);
    expect(sourceStamp(root)).toBe(before);
  });

  it('changes with a source, a new file, a renamed one or the lockfile', () => {
    const seen = new Set([sourceStamp(root)]);
    write('app/page.tsx', 'export default 2;');
    seen.add(sourceStamp(root));
    write('components/new.tsx', 'x');
    seen.add(sourceStamp(root));
    fs.renameSync(path.join(root, 'server/rule.ts'), path.join(root, 'server/rules.ts'));
    seen.add(sourceStamp(root));
    write('package-lock.json', '{"lockfileVersion":3}');
    seen.add(sourceStamp(root));
    expect(seen.size).toBe(5);
  });

  it("changes with package.json's dependencies, not with its scripts", () => {
    const before = sourceStamp(root);
    write('package.json', JSON.stringify({ name: 'x', scripts: { start: 'b', bench: 'c' }, dependencies: { next: '16' } }));
    expect(sourceStamp(root)).toBe(before);
    write('package.json', JSON.stringify({ name: 'x', scripts: { start: 'b' }, dependencies: { next: '17' } }));
    expect(sourceStamp(root)).not.toBe(before);
  });

  it('ignores tests and files outside the build', () => {
    const before = sourceStamp(root);
    write('server/rule.test.ts', 'it("b")');
    write('e2e/flow.spec.ts', 'test()');
    write('README.md', '# changed');
    expect(sourceStamp(root)).toBe(before);
  });
});
