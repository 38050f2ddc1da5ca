/**
 * `npm start`: builds when the sources changed since the last build, then runs the server in this
 * same process (one Node start-up instead of two: a second start is up in a few seconds).
 */
import { ensureBuild } from './next-build';

if (ensureBuild(process.cwd(), { force: false }) === 'up to date') console.log('The build is up to date with the sources: next build skipped.');
// Before the server's imports run: Next.js and React pick their production mode when loaded.
Object.assign(process.env, { NODE_ENV: 'production' });
await import('../server');
