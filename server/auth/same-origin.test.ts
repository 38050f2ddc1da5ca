import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { assertSameOrigin } from './same-origin';

const post = (headers: Record<string, string>) => new Request('http://localhost:3000/api/files', { method: 'POST', headers });
const refusal = (request: Request) => {
  try {
    assertSameOrigin(request);
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
};

describe('a session upload comes only from our own pages', () => {
  it("takes the server's own origin", () => {
    expect(refusal(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }))).toBeNull();
  });

  it('refuses another site, a cross-site fetch, and a post without an Origin', () => {
    expect(refusal(post({ origin: 'https://evil.example' }))).toBe('FORBIDDEN');
    expect(refusal(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' }))).toBe('FORBIDDEN');
    expect(refusal(post({}))).toBe('FORBIDDEN');
  });
});
