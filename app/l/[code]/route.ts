import { getDb } from '@/db/client';
import { withEffects } from '@/server/app/flush';
import { systemClock } from '@/server/clock';
import { errorResponse } from '@/server/http';
import { followShortLink } from '@/server/links/service';

export const dynamic = 'force-dynamic';

/** Our short links (SPEC §8): the click is recorded on the contact, and the browser sent on to the original. */
export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  try {
    const db = getDb();
    const url = await withEffects(db, (fx) => followShortLink(db, code, systemClock.now(), fx));
    if (!url) return new Response('This link does not exist or has expired.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    // Each click is recorded, so no cache may answer for us; the page opened learns nothing of ours.
    return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  } catch (error) {
    return errorResponse(error);
  }
}
