/*
 * Where the browser tests' app servers listen (playwright.config.ts starts both): the demo on
 * E2E_PORT, and on the port after it a fresh install with no demo (SEED_DEMO=never), for the
 * first-run flow. Each runs on an embedded database of its own.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
export const demoPort = port;
export const freshPort = port + 1;
export const demoURL = `http://127.0.0.1:${demoPort}`;
export const freshURL = `http://127.0.0.1:${freshPort}`;
