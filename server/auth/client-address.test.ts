import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress, stampClientAddress } from './client-address';

describe('the client address login throttling counts', () => {
  const servers: Server[] = [];
  const urls: Record<'direct' | 'proxied', string> = { direct: '', proxied: '' };
  beforeAll(async () => {
    for (const mode of ['direct', 'proxied'] as const) {
      const server = createServer((req, res) => {
        stampClientAddress(req, mode === 'proxied');
        res.end(clientAddress(req.headers));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls[mode] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  const ask = (url: string, forwardedFor?: string) =>
    fetch(url, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }).then((r) => r.text());

  it('is the TCP peer, whatever X-Forwarded-For the client wrote, unless a proxy is trusted', async () => {
    expect(await ask(urls.direct, '203.0.113.5')).toMatch(/127\.0\.0\.1$/);
    expect(await ask(urls.direct)).toMatch(/127\.0\.0\.1$/);
  });

  it('behind a trusted proxy, is the address the proxy appended last', async () => {
    expect(await ask(urls.proxied, '10.0.0.1, 203.0.113.5')).toBe('203.0.113.5');
    expect(await ask(urls.proxied)).toMatch(/127\.0\.0\.1$/);
  });
});
