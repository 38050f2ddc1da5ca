import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import: `to` is a repo path (`server/x.ts`) or, for a package, the specifier as written. */
export type Edge = { from: string; to: string; typeOnly: boolean; external: boolean };

const ROOT = path.resolve(import.meta.dirname, '..');

function tsconfigOptions(): ts.CompilerOptions {
  const file = path.join(ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file).options;
}

/*
 * The product's own files. Tests are left out: a test drives its subject through the edges
 * (a service test calls the root router), so its imports say nothing about the layers.
 */
function productFiles(): string[] {
  const inFolders = ['app', 'components', 'server', 'db'].flatMap((folder) =>
    fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' }).map((f) => `${folder}/${f}`),
  );
  return [...inFolders, 'server.ts'].filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
}

function importsOf(source: ts.SourceFile): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import { type A, type B }` is erased like `import type`, so it is type-only too.
      const allNamedAreTypes =
        !!clause && !clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: !!clause?.isTypeOnly || allNamedAreTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) found.push({ specifier: arg.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every import of every product file, resolved the way `tsc` resolves it (so `@/` works). */
export function importGraph(): Edge[] {
  const options = tsconfigOptions();
  const cache = ts.createModuleResolutionCache(ROOT, (f) => f, options);
  return productFiles().flatMap((from) => {
    const absolute = path.join(ROOT, from);
    const source = ts.createSourceFile(absolute, fs.readFileSync(absolute, 'utf8'), ts.ScriptTarget.Latest, false);
    return importsOf(source).map(({ specifier, typeOnly }) => {
      const resolved = ts.resolveModuleName(specifier, absolute, options, ts.sys, cache).resolvedModule;
      const inRepo = resolved && !resolved.isExternalLibraryImport;
      return { from, to: inRepo ? path.relative(ROOT, resolved.resolvedFileName) : specifier, typeOnly, external: !inRepo };
    });
  });
}

/** For each node on a loop, the shortest loop through it, each loop once, as `[a, b, a]`. */
export function cyclesOf(edges: Pick<Edge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const shortestBackTo = (start: string): string[] | null => {
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const at = queue.shift() as string;
      for (const to of next.get(at) ?? []) {
        if (to === start) {
          const cycle = [at];
          while (cycle[0] !== start) cycle.unshift(cameFrom.get(cycle[0] as string) as string);
          return [...cycle, start];
        }
        if (!cameFrom.has(to)) {
          cameFrom.set(to, at);
          queue.push(to);
        }
      }
    }
    return null;
  };
  const seen = new Set<string>();
  const cycles: string[][] = [];
  for (const file of [...next.keys()].sort()) {
    const cycle = shortestBackTo(file);
    if (!cycle) continue;
    // The same loop found from each of its files: keep it once, starting at its smallest file.
    const ring = cycle.slice(0, -1);
    const first = ring.indexOf([...ring].sort()[0] as string);
    const canonical = [...ring.slice(first), ...ring.slice(0, first)];
    const key = canonical.join(' ');
    if (!seen.has(key)) {
      seen.add(key);
      cycles.push([...canonical, canonical[0] as string]);
    }
  }
  return cycles;
}
