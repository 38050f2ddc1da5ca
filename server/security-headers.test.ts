import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, FILE_CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const));

describe('security headers', () => {
  it('allows only scripts carrying the nonce (and what they load), and no framing', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123', https: false, dev: false }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('manifest-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toContain("'self'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('lets the development server evaluate code and inject styles, and only it', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', https: false, dev: true }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('sends HSTS and upgrades stray http only behind https', () => {
    const plain = securityHeaders({ nonce: 'n', https: false, dev: false });
    expect(plain).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
    expect(plain).not.toHaveProperty('Strict-Transport-Security');
    const tls = securityHeaders({ nonce: 'n', https: true, dev: false });
    expect(tls['Strict-Transport-Security']).toBe('max-age=31536000');
    expect(tls['Content-Security-Policy']).toMatch(/; upgrade-insecure-requests$/);
  });

  it('gives the routes that serve a stored file the sandboxing policy, and every other path the pages\' one', () => {
    const context = { nonce: 'n', https: false, dev: false };
    for (const path of ['/api/files/6f1c2f9e-0000-4000-8000-000000000001', '/api/files/6f1c2f9e-0000-4000-8000-000000000001/signed', '/api/v1/files/6f1c2f9e-0000-4000-8000-000000000001']) {
      expect(securityHeaders(context, path)['Content-Security-Policy'], path).toBe(FILE_CONTENT_SECURITY_POLICY);
    }
    for (const path of ['/api/files', '/api/v1/files', '/inbox', '/api/files/x/other']) {
      expect(securityHeaders(context, path)['Content-Security-Policy'], path).toContain("'nonce-n'");
    }
    expect(directives(FILE_CONTENT_SECURITY_POLICY).has('sandbox')).toBe(true);
  });
});
