/*
 * One server process of a cluster, for the cross-process integration test: the real realtime
 * server (with the Redis adapter) and the real ingest pipeline on a shared PostgreSQL. The test
 * asks it over IPC to ingest a message, as its webhook route would, or to re-evaluate users' rooms.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { channels } from '@/db/schema';
import { ingest } from '@/server/channels/ingest';
import { withEffects } from '@/server/app/flush';
import { systemClock } from '@/server/clock';
import { refreshRoomsOf } from '../membership';
import { setRealtimeServer } from '../publish';
import { connectRedis } from '../redis';
import { attachRealtime } from '../server';

const env = z.object({ DATABASE_URL: z.string(), REDIS_URL: z.string(), AUTH_SECRET: z.string() }).parse(process.env);
const Ingest = z.object({ channelId: z.uuid(), providerMessageId: z.string(), externalId: z.string(), body: z.string() });
/** What a team or role admin on this process would call once a membership changed. */
const RefreshRooms = z.object({ refreshRoomsOf: z.array(z.uuid()) });

const database = await openDatabase({ url: env.DATABASE_URL, dataDir: null });
const http = createServer();
const realtime = await attachRealtime(http, { db: database.db, secret: env.AUTH_SECRET, redis: await connectRedis(env.REDIS_URL) });
setRealtimeServer(realtime.io);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
process.send!({ port: (http.address() as AddressInfo).port });

process.on('message', async (raw) => {
  const refresh = RefreshRooms.safeParse(raw);
  if (refresh.success) {
    await refreshRoomsOf(database.db, refresh.data.refreshRoomsOf);
    process.send!({ refreshed: refresh.data.refreshRoomsOf });
    return;
  }
  const m = Ingest.parse(raw);
  const [channel] = await database.db.select().from(channels).where(eq(channels.id, m.channelId));
  await withEffects(database.db, (fx) => ingest(database.db, channel!, { messages: [{ providerMessageId: m.providerMessageId, externalId: m.externalId, contactName: m.externalId, contactPhone: null, body: m.body, sentAt: new Date(), echo: false }], updates: [] }, systemClock, fx));
  process.send!({ ingested: m.providerMessageId });
});

// The same order as server.ts: stop accepting, close the sockets and the adapter, then Redis, then the database.
process.on('SIGTERM', async () => {
  http.close();
  await realtime.close();
  await database.close();
  process.exit(0);
});
