/*
 * The security headers of every page and API route (proxy.ts sets them), as a pure function of
 * the request's nonce and the deployment. Next.js reads the nonce back from the request's
 * Content-Security-Policy and puts it on the scripts it renders; `'strict-dynamic'` lets those
 * scripts load the app's chunks, and nothing else runs.
 */

export type HeaderContext = {
  /** Fresh for every request: a nonce that repeats is no nonce. */
  nonce: string;
  /** PUBLIC_URL is https: browsers may remember to use only https, and may upgrade any stray http. */
  https: boolean;
  /** Next's development server evaluates code for fast refresh and injects styles without a nonce. */
  dev: boolean;
};

export function contentSecurityPolicy({ nonce, https, dev }: HeaderContext): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes (the virtual list's positions) cannot run code; <style> elements need the nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    // 'self' covers socket.io on the same origin, its polling and its WebSocket (ws:/wss: of this host).
    "connect-src 'self'",
    // The web app manifest and its icons (app/manifest.ts, public/icons) that make Cadence installable.
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** A stored file opened on its own (`/api/files/{id}` and its kin) may run nothing and load nothing but itself. */
export const FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/** The routes that answer with a stored file's bytes: `/api/files/{id}`, `/api/files/{id}/signed`, `/api/v1/files/{id}`. */
export const servesStoredFile = (pathname: string) => /^\/api\/(v1\/)?files\/[^/]+(\/signed)?$/.test(pathname);

/** The headers of a page or route; a stored file's keep its own sandboxing policy rather than the pages'. */
export function securityHeaders(context: HeaderContext, pathname = '/'): Record<string, string> {
  return {
    'Content-Security-Policy': servesStoredFile(pathname) ? FILE_CONTENT_SECURITY_POLICY : contentSecurityPolicy(context),
    // frame-ancestors for browsers that predate it.
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // A link in a client's message must not tell its site which conversation it was opened from.
    'Referrer-Policy': 'same-origin',
    // Only once served over https: HSTS on plain http would be ignored, and on localhost harmful.
    ...(context.https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
