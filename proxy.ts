import { NextResponse, type NextRequest } from 'next/server';
import { config as env } from '@/server/env';
import { contentSecurityPolicy, securityHeaders } from '@/server/security-headers';

/**
 * Every page and API route gets the security headers, with a fresh CSP nonce. The policy also
 * goes on the request, where Next.js reads the nonce for the scripts it renders.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const context = { nonce, https: env().PUBLIC_URL.startsWith('https://'), dev: process.env.NODE_ENV === 'development' };
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', contentSecurityPolicy(context));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders(context, request.nextUrl.pathname))) response.headers.set(name, value);
  return response;
}

/*
 * Next.js copies a request's body for the proxy, in memory and cut at 10 MB: an upload would
 * arrive truncated and whole in memory. The two upload routes (exactly those paths) skip the
 * proxy; their answers are JSON, and the files they store are served by routes that keep it.
 */
export const config = { matcher: ['/((?!api/files$|api/v1/files$).*)'] };
