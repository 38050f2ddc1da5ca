/**
 * The app server of a Playwright run, on an embedded database of its own in a fresh temporary
 * folder that is removed once the server has stopped (each run used to leave ~40 MB behind).
 * Playwright signals the whole process group (playwright.config.ts `gracefulShutdown`): the
 * server shuts down in order on its own, and this process waits for it before removing the folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadence-e2e-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { stdio: 'inherit', env: { ...process.env, DATA_DIR: dataDir } });

// Handled, so this process outlives the signal; the server got it too, from the group.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => {});

server.on('exit', (code, signal) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
