import { afterEach, describe, expect, it, vi } from 'vitest';

describe('session cookies', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('are Secure (and __Secure- prefixed) exactly when PUBLIC_URL is https', async () => {
    for (const [url, secure] of [['https://inbox.example.com', true], ['http://localhost:3000', false]] as const) {
      // A fresh module graph reads and validates the environment again.
      vi.resetModules();
      vi.stubEnv('PUBLIC_URL', url);
      const { authOptions } = await import('./options');
      expect(authOptions.useSecureCookies, url).toBe(secure);
    }
  });
});
