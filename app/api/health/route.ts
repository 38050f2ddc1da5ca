import { sql } from 'drizzle-orm';
import { getDatabase } from '@/db/client';
import { config } from '@/server/env';
import { errorResponse } from '@/server/http';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const database = getDatabase();
    await database.db.execute(sql`select 1`);
    return Response.json({
      status: 'ok',
      db: database.kind,
      realtime: config().REDIS_URL ? 'redis' : 'memory',
    });
  } catch (error) {
    return errorResponse(error);
  }
}
