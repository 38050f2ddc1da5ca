import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    environment: 'node',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**'],
    // Integration tests each open their own databases; two at a time suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Channel credentials are sealed with APP_KEY (db/secret-box.ts); tests seal with this one.
    // No test reaches a real provider: every host points at a closed local port unless a test
    // starts a fake and points its provider there.
    env: {
      APP_KEY: '0'.repeat(63) + '1',
      ...Object.fromEntries(['WHATSAPP', 'MESSENGER', 'INSTAGRAM', 'TWILIO', 'TELEGRAM', 'LINE', 'VIBER', 'WECHAT'].map((p) => [`PROVIDER_URL_${p}`, 'http://127.0.0.1:9'])),
    },
  },
});
