import { sql } from 'drizzle-orm';
import { getDatabase } from '@/db/client';
import { errorResponse } from '@/server/http';
import { realtimeHealth } from '@/server/realtime/health';

export const dynamic = 'force-dynamic';

/** 200 when everything answers; 503 `degraded` while Redis is gone (events wait for it, pages still work). */
export async function GET() {
  try {
    const database = getDatabase();
    await database.db.execute(sql`select 1`);
    const realtime = realtimeHealth();
    const degraded = realtime === 'redis-down';
    return Response.json({ status: degraded ? 'degraded' : 'ok', db: database.kind, realtime }, { status: degraded ? 503 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
