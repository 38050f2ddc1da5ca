import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sourceStamp } from './source-stamp';

/**
 * Runs `next build` unless the sources are those of the last build (the stamp it leaves in
 * .next), so that a second `npm start` does not spend its time rebuilding. Exits the process with
 * next's status when the build fails.
 */
export function ensureBuild(root: string, options: { force: boolean }): 'built' | 'up to date' {
  const stampFile = path.join(root, '.next', 'cadence-source-stamp');
  const current = sourceStamp(root);
  const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
  if (!options.force && built && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === current) return 'up to date';

  // A build that fails or is interrupted must not leave the old stamp claiming it is current.
  fs.rmSync(stampFile, { force: true });
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const result = spawnSync(process.execPath, [next, 'build'], {
    cwd: root,
    stdio: 'inherit',
    // Next's telemetry notice and its calls home stay out of every run; nothing is written outside the repo.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampFile, current);
  return 'built';
}
