import { config } from '@/server/env';
import { AppError } from '@/server/errors';
import { publicUrl } from '@/server/http';

/**
 * A form post (multipart, unlike tRPC's JSON) is one a page on another site can make with the
 * reader's cookies: a session route taking one answers only the pages of this server.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const ours = [config().PUBLIC_URL, new URL(publicUrl(request)).origin];
  if (request.headers.get('sec-fetch-site') === 'cross-site' || !origin || !ours.includes(origin)) {
    throw new AppError('FORBIDDEN', 'Origin: only Cadence\'s own pages may upload files with a session; programs use POST /api/v1/files with an API token');
  }
}
