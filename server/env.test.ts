import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('readEnv', () => {
  it('boots a fresh clone with no variables at all', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: '.data', SEED_DEMO: 'auto' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({ PUBLIC_URL: 'http://localhost:3000', TRUST_PROXY: false });
    expect(readEnv({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
  });

  it('keeps PUBLIC_URL as an origin, and refuses one with a path or another scheme', () => {
    expect(readEnv({ PUBLIC_URL: 'https://inbox.example.com/' }).PUBLIC_URL).toBe('https://inbox.example.com');
    expect(readEnv({ PUBLIC_URL: 'https://inbox.example.com:8443', TRUST_PROXY: '1' })).toMatchObject({
      PUBLIC_URL: 'https://inbox.example.com:8443',
      TRUST_PROXY: true,
    });
    expect(() => readEnv({ PUBLIC_URL: 'https://example.com/cadence' })).toThrow(/PUBLIC_URL: must be an origin only/);
    expect(() => readEnv({ PUBLIC_URL: 'ftp://example.com' })).toThrow(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(() => readEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY: must be 0 or 1/);
  });

  it('names every bad variable', () => {
    expect(() => readEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', AUTH_SECRET: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/[\s\S]*AUTH_SECRET: must be at least 32/,
    );
  });

  it('runs due work in this process unless WORKER=0, which needs a shared PostgreSQL', () => {
    expect(readEnv({}).WORKER).toBe(true);
    expect(readEnv({ WORKER: '0', DATABASE_URL: 'postgres://db/cadence' }).WORKER).toBe(false);
    expect(() => readEnv({ WORKER: '0' })).toThrow(/WORKER: 0 needs DATABASE_URL/);
    expect(() => readEnv({ WORKER: 'yes' })).toThrow(/WORKER: must be 0 or 1/);
  });
});

describe('SMTP_URL', () => {
  it('takes smtp:// and smtps:// URLs with their credentials, and refuses anything else', () => {
    expect(readEnv({ SMTP_URL: 'smtp://user:pass@mail.example.com:587' }).SMTP_URL).toBe('smtp://user:pass@mail.example.com:587');
    expect(readEnv({ SMTP_URL: 'smtps://mail.example.com' }).SMTP_URL).toBe('smtps://mail.example.com');
    expect(readEnv({}).SMTP_URL).toBeUndefined();
    expect(() => readEnv({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => readEnv({ SMTP_URL: 'mail.example.com:25' })).toThrow(/SMTP_URL: must be an smtp/);
  });
});
