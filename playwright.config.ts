import { defineConfig, devices } from '@playwright/test';
import { fakePorts } from './e2e/provider-ports';
import { demoPort, demoURL, freshPort } from './e2e/servers';

// Playwright cannot download its own browsers here: it drives the system Chromium.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const closedPort = 'http://127.0.0.1:9';
const providers = ['WHATSAPP', 'MESSENGER', 'INSTAGRAM', 'TWILIO', 'TELEGRAM', 'LINE', 'VIBER', 'WECHAT'];

/**
 * The built app on its port, on an embedded database of its own in a temporary folder that
 * e2e/web-server.ts removes once the server has stopped; no provider is reached unless a spec's
 * fake is named in `env`.
 */
function appServer(port: number, env: Record<string, string>) {
  const url = `http://127.0.0.1:${port}`;
  return {
    command: 'exec node --import tsx e2e/web-server.ts',
    url: `${url}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 20_000 },
    env: { PORT: String(port), PUBLIC_URL: url, ...Object.fromEntries(providers.map((p) => [`PROVIDER_URL_${p}`, closedPort])), ...env },
  };
}

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  // Delivery states come from the worker after the send's answer: on a loaded 2-core machine that is seconds.
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: demoURL,
    locale: 'es-ES',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, dependencies: ['setup'] },
  ],
  webServer: [
    // The built app with the demo (it seeds an empty embedded database), which most specs use.
    appServer(demoPort, {
      // Providers are local fakes the specs start (e2e/provider-ports.ts); the others a closed port.
      PROVIDER_URL_TELEGRAM: `http://127.0.0.1:${fakePorts.telegram}`,
      PROVIDER_URL_WHATSAPP: `http://127.0.0.1:${fakePorts.whatsapp}`,
    }),
    // A fresh install, with nobody in it yet: the first-run spec goes through /setup there.
    appServer(freshPort, { SEED_DEMO: 'never' }),
  ],
});
