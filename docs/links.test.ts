import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The repo describes itself: a clone has nothing beside it, so its Markdown never points outside the
 * repo, cites no "SPEC §n" a reader cannot open, and every link into docs/ lands on a heading.
 */
const root = path.resolve(import.meta.dirname, '..');
const documents = ['README.md', 'bench/README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
const anchorsOf = (file: string) => new Set([...read(file).matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

describe('the docs', () => {
  it.each(documents)('%s points at nothing outside the repo and cites no unlinked SPEC section', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/\.\.\/shared|seeds\//);
    expect(text.match(/SPEC §\d+/g) ?? []).toEqual([]);
  });

  it.each(documents)('%s: every relative link reaches a file and, with #, one of its headings', (file) => {
    const broken: string[] = [];
    for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [relative, anchor] = target!.split('#') as [string, string | undefined];
      const linked = relative === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), relative));
      if (!fs.existsSync(path.join(root, linked))) broken.push(`${target}: no file ${linked}`);
      else if (anchor && linked.endsWith('.md') && !anchorsOf(linked).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${linked}`);
    }
    expect(broken).toEqual([]);
  });

  it('docs/product.md keeps the numbered sections 1 to 17 that code comments cite', () => {
    const numbers = [...read('docs/product.md').matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
  });
});
