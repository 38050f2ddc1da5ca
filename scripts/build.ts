/** `npm run build` (`--force`: always) and the e2e run: `next build` when the sources changed since the last one. */
import { ensureBuild } from './next-build';

if (ensureBuild(process.cwd(), { force: process.argv.includes('--force') }) === 'up to date') {
  console.log('The build is up to date with the sources: next build skipped.');
}
